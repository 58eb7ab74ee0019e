package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** What {@code pyrometer heap} prints when done: the artifacts, and per process its largest paths and finding. */
final class HeapConsole {
  private HeapConsole() {}

  static void print(PrintWriter out, List<MemoryArtifacts.ProcessResult> analysed, RunSummary summary, Path output) {
    out.printf("Heap of %d process(es) in %.1f s into %s%n", analysed.size(), summary.elapsedSeconds(), output.toAbsolutePath());
    for (ArtifactRef a : summary.artifacts()) {
      out.printf("  %-22s %,d bytes%n", a.name(), a.bytes());
    }
    for (MemoryArtifacts.ProcessResult r : analysed) {
      HeapReport report = r.analysis().report();
      out.printf("%nProcess %d (Python %s): %s%n  %,d objects, %s in Python objects; %s snapshot, paused %.1f ms%n",
          r.pid(), report.meta().python(), r.commandLine(), report.totals().objects(),
          FindingWriter.bytes(report.totals().bytes()), report.meta().snapshotMode(), report.meta().pauseMillis());
      report.topPaths().stream().limit(5).forEach(p -> out.printf("  %10s  %s%n", FindingWriter.bytes(p.bytes()), p.path()));
      if (report.finding() != null) {
        out.printf("  finding: %s%n  suggestion: %s%n", report.finding().title(), report.finding().suggestion());
      }
    }
    out.flush();
  }
}
