package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import java.util.List;
import java.util.Locale;

/** Resident memory split by what holds it: why RSS is larger than what Python counts. */
final class ResidentMemorySection implements ReportSection {
  private final List<ProcessResult> results;

  ResidentMemorySection(List<ProcessResult> results) {
    this.results = results;
  }

  @Override
  public String id() {
    return "memory-rss";
  }

  @Override
  public String title() {
    return "Resident memory";
  }

  @Override
  public void write(Html html) {
    for (ProcessResult r : results) {
      NativeBreakdown rss = r.analysis().report().rss();
      if (rss == null) {
        continue;
      }
      html.open("table", null);
      String caption = MemoryPage.caption(r, results.size());
      html.element("caption", null, (caption == null ? "" : caption + " — ") + "RSS " + FindingWriter.bytes(rss.rss()));
      html.raw("<tr><th>bytes</th><th>share</th><th>category</th><th>what it is</th></tr>\n");
      double total = Math.max(1, rss.rssFromMappings());
      for (NativeBreakdown.Category c : rss.categories()) {
        html.open("tr", null).element("td", "t", FindingWriter.bytes(c.bytes())).open("td", null).shareBar(c.bytes() / total)
            .close("td").element("td", "fn", c.name()).element("td", null, c.description()).close("tr").raw("\n");
      }
      html.close("table");
      if (rss.pymalloc() != null) {
        NativeBreakdown.Pymalloc p = rss.pymalloc();
        html.element("p", "note", String.format(Locale.ROOT,
            "pymalloc: %,d arenas, %,d pools (%s), %s in blocks in use: %s of its pools is free space.", p.arenas(), p.pools(),
            FindingWriter.bytes(p.poolBytes()), FindingWriter.bytes(p.usedBlockBytes()),
            FindingWriter.bytes(Math.max(0, p.residentBytes() - p.usedBlockBytes()))));
      }
    }
  }
}
