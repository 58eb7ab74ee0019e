package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.ReportHtml;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.TreeView;
import java.util.Locale;

/**
 * The guided-analysis report.html of a CPU profile: the diagnosis first, then the most significant
 * path, the findings, the flame graph with that path outlined, and the tables.
 */
public final class GuidedAnalysisPage {
  private GuidedAnalysisPage() {}

  /** The guided-analysis page of a profile; {@code displayTree} is what the flame graph shows. */
  public static ReportHtml of(Report report, CallTree displayTree) {
    return of(report, TreeView.of(displayTree));
  }

  /** The same, the flame graph drawn from a view of the recorded tree (nothing copied). */
  public static ReportHtml of(Report report, TreeView displayTree) {
    Report.ProfileInfo info = report.profile();
    String subtitle = String.format(Locale.ROOT, "%s profile · %s · %s · %,d samples at %d Hz over %s",
        info.mode(), Texts.plural(info.processes(), "process", "processes"), Texts.plural(info.threads(), "thread", "threads"),
        info.samples(), info.rateHz(), Texts.seconds(info.elapsedSeconds()));
    ReportHtml page = new ReportHtml("Pyrometer guided analysis", subtitle);
    page.add(new DiagnosisSection(report));
    report.headlineFinding().ifPresent(f -> page.add(new PathSection(f)));
    if (!report.findings().isEmpty()) {
      page.add(new FindingsSection(report));
    }
    page.add(FlameGraphSection.of(report, displayTree));
    if (!report.paths().isEmpty()) {
      page.add(new PathsSection(report));
    }
    if (!report.functions().self().isEmpty() || !report.functions().inclusive().isEmpty()) {
      page.add(new FunctionsSection(report));
    }
    if (!report.patterns().isEmpty()) {
      page.add(new PatternsSection(report));
    }
    if (!report.breakdowns().processes().isEmpty()) {
      page.add(new BreakdownSection(report));
    }
    page.add(new NotesSection(report));
    return page;
  }

}
