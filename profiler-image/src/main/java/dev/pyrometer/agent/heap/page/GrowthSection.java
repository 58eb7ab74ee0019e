package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What grew between snapshots, by slope: paths, containers and types. */
final class GrowthSection implements ReportSection {
  private final List<ProcessResult> results;

  GrowthSection(List<ProcessResult> results) {
    this.results = results;
  }

  @Override
  public String id() {
    return "memory-growth";
  }

  @Override
  public String title() {
    return "Growth";
  }

  @Override
  public void write(Html html) {
    html.element("p", "hint", "Least-squares slope over the snapshots; a monotonic series never shrank. What survives"
        + " every snapshot and keeps growing is where a leak is.");
    for (ProcessResult r : results) {
      GrowthReport growth = r.analysis().report().growth();
      if (growth == null) {
        continue;
      }
      String process = MemoryPage.caption(r, results.size());
      series(html, (process == null ? "" : process + " — ") + "Paths", growth.paths());
      html.open("table", null).element("caption", null, "Containers whose length grew");
      html.raw("<tr><th>items/s</th><th>lengths</th><th>type</th><th>path</th></tr>\n");
      for (GrowthReport.ContainerSeries c : growth.containers()) {
        html.open("tr", null).element("td", "t", String.format(Locale.ROOT, "%.1f", c.slopeItemsPerSecond()))
            .element("td", "t", c.lengths().stream().map(String::valueOf).collect(Collectors.joining(" → ")))
            .element("td", "fn", c.type()).element("td", "chain", c.path()).close("tr").raw("\n");
      }
      html.close("table");
      series(html, "Types", growth.types());
    }
  }

  private static void series(Html html, String caption, List<GrowthReport.Series> series) {
    html.open("table", null).element("caption", null, caption);
    html.raw("<tr><th>per second</th><th>bytes</th><th>monotonic</th><th>name</th></tr>\n");
    for (GrowthReport.Series s : series) {
      html.open("tr", null).element("td", "t", FindingWriter.bytes((long) s.slopeBytesPerSecond()))
          .element("td", "t", s.bytes().stream().map(FindingWriter::bytes).collect(Collectors.joining(" → ")))
          .element("td", "t", s.monotonic() ? "yes" : "no").element("td", "chain", s.name()).close("tr").raw("\n");
    }
    html.close("table");
  }
}
