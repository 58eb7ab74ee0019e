package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import dev.pyrometer.contract.Finding;
import java.util.List;
import java.util.Locale;

/** The top of the page: per process, the written finding, what to do, and the totals. */
final class MemoryFindingSection implements ReportSection {
  private final List<ProcessResult> results;

  MemoryFindingSection(List<ProcessResult> results) {
    this.results = results;
  }

  @Override
  public String id() {
    return "memory-finding";
  }

  @Override
  public String title() {
    return "Finding";
  }

  @Override
  public void write(Html html) {
    for (ProcessResult r : results) {
      HeapReport report = r.analysis().report();
      Finding f = report.finding();
      html.raw("<div class=\"headline\">");
      if (f != null) {
        html.element("span", "badge", "memory").element("span", "kind", f.kind());
        html.element("h3", "title", f.title());
        html.shareBar(f.share());
        html.open("p", "where").element("span", "label", "Where: ").copyable(f.location()).close("p");
        html.open("p", "suggestion").element("strong", null, "What to do: ").text(f.suggestion()).close("p");
      } else {
        html.element("h3", "title", "No single holder stands out");
      }
      HeapReport.Totals t = report.totals();
      html.element("p", "message", String.format(Locale.ROOT,
          "Process %d (Python %s): %,d objects, %s in Python objects (%,d on the GC lists, %,d held by no root: %s).",
          r.pid(), report.meta().python(), t.objects(), FindingWriter.bytes(t.bytes()), t.gcTrackedObjects(),
          t.unreachedGcObjects(), FindingWriter.bytes(t.unreachedGcBytes())));
      if (report.rss() != null) {
        html.element("p", "message", "Resident memory: " + FindingWriter.bytes(report.rss().rss()) + "; Python objects are "
            + FindingWriter.bytes(report.rss().pythonObjectBytes()) + " of it.");
      }
      for (String warning : report.warnings()) {
        html.element("p", "note", warning);
      }
      html.raw("</div>\n");
    }
  }
}
