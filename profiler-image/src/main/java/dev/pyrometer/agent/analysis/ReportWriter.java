package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.ReportHtml;
import dev.pyrometer.agent.profile.TreeView;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report's two artifacts, report.json and report.html, into an output directory. Each
 * file is written under a temporary name and moved into place, so a reader never sees half a file.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes both files and returns what was written, json first, in the summary's terms. */
  public static List<ArtifactRef> write(Report report, RecordedProfile profile, Path dir) throws IOException {
    return write(report, TreeView.display(profile.tree()), dir);
  }

  /** The same, with the flame graph drawn from this view of the recorded tree (a view copies nothing). */
  public static List<ArtifactRef> write(Report report, TreeView displayView, Path dir) throws IOException {
    return write(report, displayView, dir, List.of());
  }

  /** The same, with sections the page ends with (a comparison with another profile). */
  public static List<ArtifactRef> write(Report report, TreeView displayView, Path dir, List<ReportSection> extra)
      throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(Artifact.REPORT_JSON.fileName());
    Path html = dir.resolve(Artifact.REPORT_HTML.fileName());
    atomically(json, out -> ReportJson.write(report, out));
    ReportHtml page = GuidedAnalysisPage.of(report, displayView);
    extra.forEach(page::add);
    atomically(html, page::write);
    return List.of(new ArtifactRef(json.getFileName().toString(), Files.size(json), false),
        new ArtifactRef(html.getFileName().toString(), Files.size(html), false));
  }

  private static void atomically(Path target, Body body) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      body.write(out);
    }
    Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @FunctionalInterface
  private interface Body {
    void write(Writer out) throws IOException;
  }
}
