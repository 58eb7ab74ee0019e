package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.util.List;

/** Where the samples went: kinds of code, modules, system calls, finding kinds, processes and threads. */
final class BreakdownSection implements ReportSection {
  private final Report report;

  BreakdownSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "breakdown";
  }

  @Override
  public String title() {
    return "Breakdown";
  }

  @Override
  public void write(Html html) {
    Report.Breakdowns b = report.breakdowns();
    html.raw("<div class=\"breakdowns\">");
    shares(html, "Whose code (self)", b.byCategory());
    shares(html, "Module (self)", b.byModule());
    if (!b.bySyscall().isEmpty()) {
      shares(html, "System call", b.bySyscall());
    }
    shares(html, "Finding kind", b.byKind());
    html.raw("</div>");
    html.raw("<table class=\"threads\"><caption>Processes and threads</caption><thead><tr><th>Process / thread</th>")
        .raw("<th>Share</th><th>Time</th><th>Mostly</th><th>Where</th></tr></thead><tbody>");
    for (Report.ProcessRow p : b.processes()) {
      html.raw("<tr class=\"process\"><td>").text("process " + p.pid() + ": " + Texts.cut(p.commandLine(), 120)
          + (p.pythonVersion() == null ? "" : " (Python " + p.pythonVersion() + ")")).raw("</td><td>").shareBar(p.share())
          .raw("</td><td class=\"t\">").text(Texts.seconds(p.seconds())).raw("</td><td></td><td></td></tr>");
      for (ThreadGroup g : ThreadGroup.of(p)) {
        Report.ThreadRow t = g.heaviest();
        html.raw(g.isOther() ? "<tr class=\"thread other\"><td>" : "<tr class=\"thread\"><td>").text(g.label()).raw("</td><td>")
            .shareBar(g.share()).raw("</td><td class=\"t\">").text(Texts.seconds(g.seconds())).raw("</td><td>")
            .text((t.title() != null ? t.title() : t.kind()) + " (" + Texts.percent(t.kindShare()) + " of "
                + (g.threads() == 1 ? "the thread)" : "the busiest of them)"))
            .raw("</td><td class=\"loc\">").text(t.location()).raw("</td></tr>");
      }
    }
    html.raw("</tbody></table>");
  }

  private static void shares(Html html, String caption, List<Report.Share> shares) {
    html.raw("<table class=\"shares\"><caption>").text(caption).raw("</caption><tbody>");
    for (Report.Share s : shares) {
      html.raw("<tr><td>").text(s.name()).raw("</td><td>").shareBar(s.share()).raw("</td><td class=\"t\">").text(Texts.seconds(s.seconds()))
          .raw("</td></tr>");
    }
    html.raw("</tbody></table>");
  }
}
