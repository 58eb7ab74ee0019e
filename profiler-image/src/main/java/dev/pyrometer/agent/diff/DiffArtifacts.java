package dev.pyrometer.agent.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pyrometer.agent.render.DiffFlameGraphHtml;
import dev.pyrometer.agent.render.WeightUnit;
import dev.pyrometer.contract.Artifact;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what {@code pyrometer diff} produces: {@code diff.folded} ({@code stack base new}, as
 * FlameGraph's difffolded.pl writes), {@code diff-flamegraph.html}, {@code diff.json} and
 * {@code report.html} with the ranked changes.
 */
public final class DiffArtifacts {
  public static final String FOLDED = Artifact.DIFF_FOLDED.fileName();
  public static final String FLAMEGRAPH = Artifact.DIFF_FLAMEGRAPH.fileName();
  public static final String JSON_FILE = Artifact.DIFF_JSON.fileName();
  public static final String REPORT = "report.html";
  /** Version of diff.json's layout. */
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DiffArtifacts() {}

  /** Writes every file into {@code dir} and returns their names. */
  public static List<String> write(DiffInput base, DiffInput news, DiffTree tree, ProfileDiff diff, Path dir)
      throws IOException {
    writeData(base.file().toString(), news.file().toString(), tree, diff, dir);
    try (Writer out = Files.newBufferedWriter(dir.resolve(REPORT), StandardCharsets.UTF_8)) {
      DiffReportHtml.write(base, news, diff, out);
    }
    return List.of(REPORT, FLAMEGRAPH, FOLDED, JSON_FILE);
  }

  /**
   * Writes diff.folded, diff-flamegraph.html and diff.json (everything but a page of its own: a
   * session's comparison goes into its report.html).
   *
   * @param base what BASE is, for the graph's subtitle and diff.json (a file, or a session)
   * @param news what NEW is
   */
  public static void writeData(String base, String news, DiffTree tree, ProfileDiff diff, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Writer out = Files.newBufferedWriter(dir.resolve(FOLDED), StandardCharsets.UTF_8)) {
      writeFolded(tree, out);
    }
    String subtitle = "Width: NEW (" + news + "). Colour: change in share since BASE (" + base
        + "): red grew, blue shrank.";
    try (Writer out = Files.newBufferedWriter(dir.resolve(FLAMEGRAPH), StandardCharsets.UTF_8)) {
      DiffFlameGraphHtml.write(tree, "Differential flame graph: " + diff.headline(), subtitle,
          diff.bytes() ? WeightUnit.BYTES : WeightUnit.SAMPLES, out);
    }
    JSON.writeValue(dir.resolve(JSON_FILE).toFile(), json(base, news, diff));
  }

  /** One line per stack present on either side: {@code frame;frame BASE NEW}. */
  static void writeFolded(DiffTree tree, Writer out) throws IOException {
    IOException[] failure = {null};
    tree.forEachStack((path, leaf) -> {
      if (failure[0] != null) {
        return;
      }
      StringBuilder line = new StringBuilder();
      for (DiffTree.Node node : path) {
        line.append(line.length() > 0 ? ";" : "").append(node.label());
      }
      line.append(' ').append(leaf.baseSelf()).append(' ').append(leaf.newSelf()).append('\n');
      try {
        out.append(line);
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  static Map<String, Object> json(String base, String news, ProfileDiff diff) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("unit", diff.bytes() ? "bytes" : "samples");
    root.put("base", Map.of("file", base, "total", diff.baseTotal()));
    root.put("new", Map.of("file", news, "total", diff.newTotal()));
    root.put("headline", diff.headline());
    root.put("largestChange", diff.headlineChange() == null ? null : change(diff.headlineChange()));
    root.put("causes", diff.causes().stream().map(DiffArtifacts::change).toList());
    root.put("paths", diff.paths().stream().map(DiffArtifacts::change).toList());
    root.put(diff.bytes() ? "segments" : "functions", diff.functions().stream().map(DiffArtifacts::change).toList());
    return root;
  }

  private static Map<String, Object> change(Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("base", c.base());
    m.put("new", c.news());
    m.put("baseShare", round(c.baseShare()));
    m.put("newShare", round(c.newShare()));
    m.put("points", Math.round(c.points() * 100) / 100.0);
    m.put("delta", c.delta());
    return m;
  }

  private static double round(double share) {
    return Math.round(share * 1e6) / 1e6;
  }
}
