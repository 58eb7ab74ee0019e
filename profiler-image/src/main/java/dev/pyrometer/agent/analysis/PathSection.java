package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;

/** The headline finding's path, root first, with application frames highlighted and each file:line copyable. */
final class PathSection implements ReportSection {
  private final ReportFinding finding;

  PathSection(ReportFinding finding) {
    this.finding = finding;
  }

  @Override
  public String id() {
    return "significant-path";
  }

  @Override
  public String title() {
    return "Most significant path";
  }

  @Override
  public void write(Html html) {
    html.element("p", "hint", "From the outermost frame down to where the samples ended ("
        + Texts.percent(finding.share()) + " of the samples). Your own code is highlighted; the bar shows the share of"
        + " samples through each frame.");
    FrameHtml.path(html, finding.path(), finding.location());
  }
}
