package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;

/** Recognised kinds of CPU work, with what causes them and what helps. */
final class PatternsSection implements ReportSection {
  private final Report report;

  PatternsSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "patterns";
  }

  @Override
  public String title() {
    return "Recognised patterns";
  }

  @Override
  public void write(Html html) {
    html.raw("<table class=\"patterns\"><thead><tr><th>Share</th><th>Time</th><th>Pattern</th><th>Mostly from</th>")
        .raw("<th>What helps</th></tr></thead><tbody>");
    for (Report.PatternShare p : report.patterns()) {
      html.raw("<tr><td>").shareBar(p.share()).raw("</td><td class=\"t\">").text(Texts.seconds(p.seconds())).raw("</td><td>")
          .text(p.title()).raw("</td><td>").text(p.location()).raw("</td><td>").text(p.suggestion()).raw("</td></tr>");
    }
    html.raw("</tbody></table>");
  }
}
