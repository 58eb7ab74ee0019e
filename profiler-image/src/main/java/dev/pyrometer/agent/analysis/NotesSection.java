package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;

/** What the reader should know about the limits of the analysis. */
final class NotesSection implements ReportSection {
  private final Report report;

  NotesSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "notes";
  }

  @Override
  public String title() {
    return "Notes";
  }

  @Override
  public void write(Html html) {
    html.open("ul", "notes");
    for (String note : report.notes()) {
      html.element("li", null, note);
    }
    html.element("li", null, "report.json schema version " + report.schemaVersion() + ".");
    html.close("ul");
  }
}
