package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.page.ReportHtml;
import dev.pyrometer.agent.page.ReportSection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pyrometer.agent.heap.HeapAnalysis;
import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.page.HeldByCategorizer;
import dev.pyrometer.agent.heap.page.MemoryPage;
import dev.pyrometer.agent.output.ProfileArtifacts;
import dev.pyrometer.agent.pprof.PprofLayout;
import dev.pyrometer.agent.pprof.PprofWriter;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.render.FlameGraphHtml;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.render.WeightUnit;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the artifacts of a heap run: memory.folded (bytes per reference path, root first),
 * memory-flamegraph.html (the same with the CPU profiles' viewer, in bytes, coloured by whose module
 * holds them), memory.pb.gz (the same as a pprof profile, inuse_objects/count and
 * inuse_space/bytes), memory-report.json,
 * report.html (the guided analysis page with the memory sections), and with several snapshots
 * memory-diff.folded ({@code path before after}).
 */
public final class MemoryArtifacts {
  /** Version of memory-report.json's layout. */
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MemoryArtifacts() {}

  /** One analysed process: its pid and command line name its root when there are several. */
  public record ProcessResult(int pid, String commandLine, HeapAnalysis analysis) {}

  public static List<ArtifactRef> write(List<ProcessResult> results, Path dir) throws IOException {
    return write(results, dir, (folded, written) -> List.of());
  }

  /**
   * The same, with sections report.html ends with, made once memory.folded is written (a
   * comparison with another snapshot reads it); they may add artifacts of their own.
   */
  public static List<ArtifactRef> write(List<ProcessResult> results, Path dir, ExtraSections extra) throws IOException {
    Files.createDirectories(dir);
    CallTree tree = combined(results);
    List<ArtifactRef> written = new ArrayList<>();
    written.add(ProfileArtifacts.writeText(dir, Artifact.MEMORY_FOLDED, out -> FoldedStacks.write(tree, out)));
    String subtitle = subtitle(results);
    written.add(ProfileArtifacts.writeText(dir, Artifact.MEMORY_FLAMEGRAPH, out -> FlameGraphHtml.write(tree,
        FlameGraphHtml.Options.of("Python memory by reference path", WeightUnit.BYTES).withSubtitle(subtitle)
            .withCategorizer(new HeldByCategorizer(results)), out)));
    written.add(ProfileArtifacts.writeBinary(dir, Artifact.MEMORY_REPORT_JSON, out -> JSON.writeValue(out,
        Map.of("schemaVersion", SCHEMA_VERSION, "processes", results.stream().map(r -> r.analysis().report()).toList()))));
    CallTree objects = combined(results, HeapAnalysis::objects);
    written.add(ProfileArtifacts.writeBinary(dir, Artifact.MEMORY_PPROF, out -> PprofWriter.write(List.of(objects, tree),
        PprofLayout.forHeap(results.get(0).analysis().digest().takenAt()), out)));
    List<ReportSection> sections = extra.after(dir.resolve(Artifact.MEMORY_FOLDED.fileName()), written);
    written.add(ProfileArtifacts.writeText(dir, Artifact.REPORT_HTML, out -> {
      ReportHtml page = MemoryPage.of(results, tree);
      sections.forEach(page::add);
      page.write(out);
    }));
    if (results.stream().anyMatch(r -> r.analysis().diff() != null)) {
      written.add(ProfileArtifacts.writeText(dir, Artifact.MEMORY_DIFF_FOLDED, out -> {
        for (ProcessResult r : results) {
          String prefix = results.size() > 1 ? FrameKey.process(r.pid(), r.commandLine()).label() + ";" : "";
          for (GrowthReport.PathDiff d : r.analysis().diff() == null ? List.<GrowthReport.PathDiff>of() : r.analysis().diff()) {
            out.write(prefix + d.path() + " " + d.before() + " " + d.after() + "\n");
          }
        }
      }));
    }
    return written;
  }

  /** Sections for report.html, made from the written memory.folded; may add to {@code written}. */
  @FunctionalInterface
  public interface ExtraSections {
    List<ReportSection> after(Path memoryFolded, List<ArtifactRef> written) throws IOException;
  }

  /** One tree; with several processes each under its own root. */
  static CallTree combined(List<ProcessResult> results) {
    return combined(results, HeapAnalysis::paths);
  }

  /** One tree of the given kind (bytes or objects); with several processes each under its own root. */
  static CallTree combined(List<ProcessResult> results, java.util.function.Function<HeapAnalysis, CallTree> which) {
    if (results.size() == 1) {
      return which.apply(results.get(0).analysis());
    }
    CallTree tree = new CallTree();
    for (ProcessResult r : results) {
      FrameKey root = FrameKey.process(r.pid(), r.commandLine());
      which.apply(r.analysis()).forEachStack((frames, weight) -> {
        List<FrameKey> stack = new ArrayList<>(frames.size() + 1);
        stack.add(root);
        stack.addAll(frames);
        tree.add(stack, weight);
      });
    }
    return tree;
  }

  private static String subtitle(List<ProcessResult> results) {
    StringBuilder out = new StringBuilder();
    for (ProcessResult r : results) {
      HeapReport report = r.analysis().report();
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(String.format("pid %d (Python %s): %,d objects, %s, %s snapshot", r.pid(), report.meta().python(),
          report.totals().objects(), FindingWriter.bytes(report.totals().bytes()), report.meta().snapshotMode()));
    }
    return out.toString();
  }
}
