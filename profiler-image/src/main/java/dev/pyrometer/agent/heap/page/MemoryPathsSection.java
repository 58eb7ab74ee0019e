package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import java.util.List;
import java.util.Locale;

/** The largest reference paths: what holds the memory, root first, with bytes and share. */
final class MemoryPathsSection implements ReportSection {
  private final List<ProcessResult> results;

  MemoryPathsSection(List<ProcessResult> results) {
    this.results = results;
  }

  @Override
  public String id() {
    return "memory-paths";
  }

  @Override
  public String title() {
    return "Largest reference paths";
  }

  @Override
  public void write(Html html) {
    html.element("p", "hint", "Each object is charged once, to the first path that reaches it from sys.modules, then"
        + " the threads' frames, then objects only C code holds ([unreached-gc]).");
    for (ProcessResult r : results) {
      HeapReport report = r.analysis().report();
      double total = Math.max(1, report.totals().bytes());
      html.open("table", null);
      String caption = MemoryPage.caption(r, results.size());
      if (caption != null) {
        html.element("caption", null, caption);
      }
      html.raw("<tr><th>bytes</th><th>share</th><th>objects</th><th>path</th></tr>\n");
      for (HeapReport.PathEntry p : report.topPaths()) {
        html.open("tr", null).element("td", "t", FindingWriter.bytes(p.bytes())).open("td", null).shareBar(p.bytes() / total)
            .close("td").element("td", "t", String.format(Locale.ROOT, "%,d", p.objects())).element("td", "chain", p.path())
            .close("tr").raw("\n");
      }
      html.close("table");
    }
  }
}
