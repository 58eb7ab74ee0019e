package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;

/** The heaviest distinct code paths, each leaf first as the diagnosis quotes them. */
final class PathsSection implements ReportSection {
  private final Report report;

  PathsSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "paths";
  }

  @Override
  public String title() {
    return "Top code paths";
  }

  @Override
  public void write(Html html) {
    html.raw("<table class=\"paths\"><thead><tr><th>Share</th><th>Time</th><th>Kind</th><th>Path (leaf first)</th></tr></thead><tbody>");
    for (ReportPath path : report.paths()) {
      html.raw("<tr><td>").shareBar(path.share()).raw("</td><td class=\"t\">").text(Texts.seconds(path.seconds())).raw("</td><td>")
          .text(path.kind()).raw("</td><td class=\"chain\">").text(path.leafFirst()).raw("</td></tr>");
    }
    html.raw("</tbody></table>");
  }
}
