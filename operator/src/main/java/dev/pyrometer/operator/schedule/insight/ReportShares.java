package dev.pyrometer.operator.schedule.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shares an agent's report.json holds (findings, inclusive function times and paths), read
 * tolerantly: the operator knows the report's shape only through these few fields, so that a newer
 * agent's report still reads.
 */
public final class ReportShares {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportShares() {}

  /**
   * One pod's report.
   *
   * @param samples the samples it analysed, the weight when several pods are merged
   */
  public record PodReport(long samples, List<Share> shares) {}

  /**
   * @throws IllegalArgumentException when the text is not a CPU/wall/off-CPU report
   */
  public static PodReport parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Pyrometer report.json: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.has("profile")) {
      throw new IllegalArgumentException("not a Pyrometer report.json: no profile section");
    }
    List<Share> shares = new ArrayList<>();
    for (JsonNode f : root.path("findings")) {
      JsonNode location = f.path("location");
      String function = text(location, "function");
      if (function == null) {
        continue;
      }
      String kind = f.path("kind").asText("");
      String where = text(f.path("call"), "function");
      if (where == null) {
        where = text(f, "syscall");
      }
      shares.add(new Share(Share.Dimension.CAUSE, kind + " " + locationOf(location), function, where,
          kind.startsWith("blocking.") || kind.startsWith("idle."), f.path("share").asDouble()));
    }
    for (JsonNode fn : root.path("functions").path("inclusive")) {
      String function = text(fn, "function");
      if (function == null) {
        continue;
      }
      String file = text(fn, "shortFile");
      shares.add(new Share(Share.Dimension.FUNCTION, function + (file == null ? "" : " " + file), function, null,
          false, fn.path("totalShare").asDouble()));
    }
    for (JsonNode p : root.path("paths")) {
      List<String> frames = new ArrayList<>();
      for (JsonNode frame : p.path("frames")) {
        frames.add(0, frame.path("function").asText("?"));
      }
      if (frames.isEmpty()) {
        continue;
      }
      String leafFirst = String.join(" ← ", frames);
      String shown = frames.size() <= 3 ? leafFirst : String.join(" ← ", frames.subList(0, 3)) + " ← …";
      shares.add(new Share(Share.Dimension.PATH, leafFirst, shown, null, false, p.path("share").asDouble()));
    }
    return new PodReport(root.path("profile").path("samples").asLong(), shares);
  }

  /** Several pods' reports as one profile: each share weighted by its pod's samples. */
  public static List<Share> merge(List<PodReport> reports) {
    if (reports.size() == 1) {
      return reports.get(0).shares();
    }
    long total = reports.stream().mapToLong(PodReport::samples).sum();
    Map<String, Share> merged = new LinkedHashMap<>();
    for (PodReport r : reports) {
      double weight = total == 0 ? 1.0 / reports.size() : (double) r.samples() / total;
      for (Share s : r.shares()) {
        String id = s.dimension() + " " + s.key();
        Share seen = merged.get(id);
        merged.put(id, s.withShare((seen == null ? 0 : seen.share()) + s.share() * weight));
      }
    }
    return new ArrayList<>(merged.values());
  }

  private static String locationOf(JsonNode frame) {
    String function = text(frame, "function");
    String file = text(frame, "shortFile");
    return file == null ? function : function + " (" + file + ":" + frame.path("line").asInt() + ")";
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
