package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The comparison as a section of a run's report.html: what {@code pyrometer diff}'s page shows
 * (headline, ranked changes, links), with the differential flame graph embedded.
 */
final class DiffSection implements ReportSection {
  /** The diff page's styles, scoped to this section. */
  private static final String STYLE = "<style>#comparison .headline{font-size:17px;padding:10px 14px;"
      + "border-left:4px solid #c5221f;background:#fdf3f2}#comparison table{border-collapse:collapse;width:100%}"
      + "#comparison td,#comparison th{padding:4px 8px;border-bottom:1px solid #e3e6ec;text-align:left;vertical-align:top}"
      + "#comparison td.n{text-align:right;white-space:nowrap}"
      + "#comparison td.name{font-family:ui-monospace,monospace;overflow-wrap:anywhere}"
      + "#comparison .grew{color:#b3261e}#comparison .shrank{color:#0b57d0}#comparison .muted{color:#5d6679}"
      + "#comparison iframe{width:100%;height:620px;border:1px solid #e3e6ec}</style>\n";

  private final String markup;

  private DiffSection(String markup) {
    this.markup = markup;
  }

  static DiffSection compared(String baseName, ProfileDiff diff) {
    StringWriter out = new StringWriter();
    try {
      out.write(STYLE);
      DiffReportHtml.body(baseName, "this session", diff, out);
      out.write("<h3>Differential flame graph</h3>\n<iframe src=\"" + DiffArtifacts.FLAMEGRAPH
          + "\" title=\"differential flame graph\" loading=\"lazy\"></iframe>\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DiffSection(out.toString());
  }

  static DiffSection notCompared(String sentence) {
    return new DiffSection("<p class=\"muted\">" + DiffReportHtml.esc(sentence) + "</p>\n");
  }

  @Override
  public String id() {
    return "comparison";
  }

  @Override
  public String title() {
    return "Comparison";
  }

  @Override
  public void write(Html html) {
    html.raw(markup); // built from escaped text by DiffReportHtml
  }
}
