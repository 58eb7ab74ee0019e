package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.util.List;

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
    table(html, offCpu ? "Blocked directly in (self)" : "Self time", "self", report.functions().self());
    table(html, "Inclusive time (the function and what it calls)", "inclusive", report.functions().inclusive());
  }

  private static void table(Html html, String caption, String cssClass, List<Report.FunctionRow> rows) {
    html.raw("<table class=\"functions ").text(cssClass).raw("\"><caption>").text(caption).raw("</caption>")
        .raw("<thead><tr><th>Self</th><th>Self time</th><th>Inclusive</th><th>Inclusive time</th><th>Function</th>")
        .raw("<th>Code</th><th>Location</th></tr></thead><tbody>");
    for (Report.FunctionRow row : rows) {
      html.raw("<tr class=\"cat-").text(row.category().name().toLowerCase(java.util.Locale.ROOT)).raw("\"><td>")
          .shareBar(row.selfShare()).raw("</td><td class=\"t\">").text(Texts.seconds(row.selfSeconds())).raw("</td><td>")
          .shareBar(row.totalShare()).raw("</td><td class=\"t\">").text(Texts.seconds(row.totalSeconds())).raw("</td><td class=\"fn\">")
          .text(row.function()).raw("</td><td>").text(row.category().label()).raw("</td><td class=\"loc\" title=\"").text(row.file() + ":" + row.line())
          .raw("\">").copyable(row.file() + ":" + row.line()).raw("</td></tr>");
    }
    html.raw("</tbody></table>");
  }
}
