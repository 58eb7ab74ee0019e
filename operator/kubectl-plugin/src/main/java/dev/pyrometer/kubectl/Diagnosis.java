package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a finished session found, for a terminal: the session's TOP and each pod's and process's
 * headline (from its status), then, once the artifacts are on disk, the diagnosis as the agent's
 * own {@code record} prints it (summary.json's finding: title, your line, suggestion) and the
 * report's findings.
 */
public final class Diagnosis {
  /** report.json labels findings under this share "minor"; the terminal leaves them out. */
  private static final double MINOR = 0.02;
  private static final int MAX_FINDINGS = 5;

  private Diagnosis() {}

  /** TOP and the per-pod / per-process headlines, from the session's status. */
  public static void printStatus(SessionView session, PrintWriter out) {
    if (!session.top().isEmpty()) {
      out.printf("TOP: %s%n", session.top());
    }
    if (!session.collected().isEmpty()) {
      out.printf("collected: %s%n", session.collected());
    }
    List<JsonNode> targets = session.targets();
    for (JsonNode target : targets) {
      List<JsonNode> processes = session.list(target.path("processes"));
      if (targets.size() > 1) {
        out.printf("  pod %s: %s%s%n", SessionView.text(target.path("pod")), SessionView.text(target.path("phase")),
            target.hasNonNull("top") ? ", top " + target.get("top").asText() : "");
      }
      if (processes.size() > 1) {
        for (JsonNode p : processes) {
          out.printf("    pid %s %s: %s%n", p.path("pid").asText(), abbreviate(SessionView.text(p.path("command")), 60),
              p.hasNonNull("top") ? p.get("top").asText() : "(no headline)");
        }
      }
    }
    // findings the status may carry (a newer operator): printed as they come
    for (JsonNode finding : session.status().path("findings")) {
      out.printf("  finding: %s%n", finding.isTextual() ? finding.asText() : finding.path("title").asText(finding.toString()));
    }
  }

  /** The diagnosis from the downloaded files: summary.json's finding, report.json's findings. */
  public static void printFromFiles(Path dir, PrintWriter out) {
    Optional<Path> summary = find(dir, "summary.json");
    Optional<Finding> finding = summary.flatMap(Diagnosis::readSummary).map(RunSummary::finding);
    if (finding.isPresent()) {
      Finding f = finding.get();
      out.printf("%nDiagnosis (%.0f%% of samples): %s%n", 100 * f.share(), f.title());
      if (f.location() != null) {
        out.printf("  in your code: %s%n", f.location());
      }
      if (f.suggestion() != null) {
        out.printf("  suggestion: %s%n", f.suggestion());
      }
    }
    Optional<JsonNode> report = find(dir, "report.json").flatMap(Diagnosis::readJson);
    if (report.isPresent()) {
      List<JsonNode> findings = new java.util.ArrayList<>();
      report.get().path("findings").forEach(n -> {
        if (n.path("share").asDouble() >= MINOR) {
          findings.add(n);
        }
      });
      if (!findings.isEmpty()) {
        out.printf("Findings:%n");
        findings.stream().limit(MAX_FINDINGS).forEach(n -> out.printf("  %3.0f%%  %s%s%n", 100 * n.path("share").asDouble(),
            n.path("title").asText(), idle(n) ? " (idle)" : ""));
      }
    }
    out.flush();
  }

  private static boolean idle(JsonNode finding) {
    return "IDLE".equalsIgnoreCase(finding.path("verdict").asText());
  }

  /** The first pod's copy: the file in DIR, else in DIR/<first pod>/. */
  static Optional<Path> find(Path dir, String name) {
    if (Files.isRegularFile(dir.resolve(name))) {
      return Optional.of(dir.resolve(name));
    }
    try (var entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().map(d -> d.resolve(name)).filter(Files::isRegularFile).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<RunSummary> readSummary(Path file) {
    try {
      return Optional.of(SummaryCodec.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> readJson(Path file) {
    try {
      return Optional.of(SessionView.JSON.readTree(file.toFile()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
