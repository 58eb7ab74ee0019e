package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.ReportHtml;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import dev.pyrometer.agent.profile.CallTree;
import java.util.List;
import java.util.Locale;

/**
 * report.html of a heap run: the guided analysis page with the memory sections (the finding,
 * the largest paths, the flame graph in bytes, objects and types, resident memory, growth).
 */
public final class MemoryPage {
  private MemoryPage() {}

  public static ReportHtml of(List<ProcessResult> results, CallTree tree) {
    HeapReport first = results.get(0).analysis().report();
    long bytes = results.stream().mapToLong(r -> r.analysis().report().totals().bytes()).sum();
    String subtitle = String.format(Locale.ROOT, "memory · %d process%s · %s in Python objects · %d snapshot%s (%s)",
        results.size(), results.size() == 1 ? "" : "es", FindingWriter.bytes(bytes), first.meta().snapshots(),
        first.meta().snapshots() == 1 ? "" : "s", first.meta().snapshotMode());
    ReportHtml page = new ReportHtml("Pyrometer memory analysis", subtitle);
    page.add(new MemoryFindingSection(results));
    page.add(new MemoryPathsSection(results));
    page.add(new MemoryFlameGraphSection(results, tree));
    page.add(new MemoryObjectsSection(results));
    if (results.stream().anyMatch(r -> r.analysis().report().rss() != null)) {
      page.add(new ResidentMemorySection(results));
    }
    if (results.stream().anyMatch(r -> r.analysis().report().growth() != null)) {
      page.add(new GrowthSection(results));
    }
    return page;
  }

  /** The caption naming a process in tables, when there are several. */
  static String caption(ProcessResult r, int processes) {
    return processes == 1 ? null : "Process " + r.pid() + " (Python " + r.analysis().report().meta().python() + "): "
        + r.commandLine();
  }
}
