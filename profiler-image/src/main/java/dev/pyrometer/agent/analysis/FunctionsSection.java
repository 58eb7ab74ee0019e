package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.util.List;
import java.util.Locale;

/** The hottest functions by self and by inclusive time, with time estimated as samples × interval. */
final class FunctionsSection implements ReportSection {
  private final Report report;

  FunctionsSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "functions";
  }

  @Override
  public String title() {
    return "Top functions";
  }

  @Override
  public void write(Html html) {
    boolean offCpu = "offcpu".equals(report.profile().mode());
    table(html, offCpu ? "Blocked directly in (self)" : "Self time", "self", report.functions().self(), true);
    table(html, "Inclusive time (the function and what it calls)", "inclusive", report.functions().inclusive(), false);
  }

  /** One row per function; under its location, every line it was sampled at with that line's share. */
  private static void table(Html html, String caption, String cssClass, List<Report.FunctionRow> rows, boolean self) {
    html.raw("<table class=\"functions ").text(cssClass).raw("\"><caption>").text(caption).raw("</caption>")
        .raw("<thead><tr><th>Self</th><th>Self time</th><th>Inclusive</th><th>Inclusive time</th><th>Function</th>")
        .raw("<th>Code</th><th>Location and lines</th></tr></thead><tbody>");
    for (Report.FunctionRow row : rows) {
      html.raw("<tr class=\"cat-").text(row.category().name().toLowerCase(Locale.ROOT)).raw("\"><td>")
          .shareBar(row.selfShare()).raw("</td><td class=\"t\">").text(Texts.seconds(row.selfSeconds())).raw("</td><td>")
          .shareBar(row.totalShare()).raw("</td><td class=\"t\">").text(Texts.seconds(row.totalSeconds())).raw("</td><td class=\"fn\">")
          .text(row.function()).raw("</td><td>").text(row.category().label()).raw("</td><td class=\"loc\" title=\"").text(row.file() + ":" + row.line())
          .raw("\">").copyable(row.file() + ":" + row.line());
      lines(html, self ? row.selfLines() : row.totalLines());
      html.raw("</td></tr>");
    }
    html.raw("</tbody></table>");
  }

  /** {@code lines: 24 (61%), 31 (9%)}: only when the function was met at more than one line. */
  private static void lines(Html html, List<Report.LineShare> lines) {
    if (lines == null || lines.size() < 2) {
      return;
    }
    html.raw("<div class=\"lines\">lines: ");
    for (int i = 0; i < lines.size(); i++) {
      Report.LineShare line = lines.get(i);
      html.raw(i == 0 ? "" : ", ").raw("<span class=\"line\" data-line=\"").text(Integer.toString(line.line())).raw("\">")
          .text(line.line() + " (" + Texts.percent(line.share()) + ")").raw("</span>");
    }
    html.raw("</div>");
  }
}
