package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import java.util.List;
import java.util.Locale;

/** The objects holding the most (with what they hold below them), and bytes per type. */
final class MemoryObjectsSection implements ReportSection {
  private static final int TYPES_SHOWN = 25;
  private final List<ProcessResult> results;

  MemoryObjectsSection(List<ProcessResult> results) {
    this.results = results;
  }

  @Override
  public String id() {
    return "memory-objects";
  }

  @Override
  public String title() {
    return "Objects and types";
  }

  @Override
  public void write(Html html) {
    for (ProcessResult r : results) {
      HeapReport report = r.analysis().report();
      String process = MemoryPage.caption(r, results.size());
      html.open("div", "breakdowns");
      html.open("table", null).element("caption", null, (process == null ? "" : process + " — ") + "Objects holding the most");
      html.raw("<tr><th>holds</th><th>own size</th><th>type</th><th>length</th><th>path</th></tr>\n");
      for (HeapReport.ObjectEntry o : report.topObjects()) {
        html.open("tr", null).element("td", "t", FindingWriter.bytes(o.subtree())).element("td", "t", FindingWriter.bytes(o.size()))
            .element("td", "fn", o.type()).element("td", "t", o.length() == null ? "" : String.format(Locale.ROOT, "%,d", o.length()))
            .element("td", "chain", o.path()).close("tr").raw("\n");
      }
      html.close("table");
      html.open("table", null).element("caption", null, "Types");
      html.raw("<tr><th>bytes</th><th>objects</th><th>type</th></tr>\n");
      for (HeapReport.TypeEntry t : report.types().stream().limit(TYPES_SHOWN).toList()) {
        html.open("tr", null).element("td", "t", FindingWriter.bytes(t.bytes()))
            .element("td", "t", String.format(Locale.ROOT, "%,d", t.count())).element("td", "fn", t.type()).close("tr").raw("\n");
      }
      html.close("table").close("div");
    }
  }
}
