package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.util.Locale;

/** Every finding with its share, location and advice; details (message, notes, path) fold out. */
final class FindingsSection implements ReportSection {
  private final Report report;

  FindingsSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "findings";
  }

  @Override
  public String title() {
    return "Findings";
  }

  @Override
  public void write(Html html) {
    html.open("ol", "findings");
    for (int i = 0; i < report.findings().size(); i++) {
      ReportFinding f = report.findings().get(i);
      html.raw("<li class=\"finding verdict-").text(DiagnosisSection.verdictClass(f.verdict(), f.share()))
          .raw(i == report.headline() ? " headline-finding" : "").raw("\">");
      html.open("details", null).open("summary", null);
      html.shareBar(f.share()).raw(" ").element("span", "badge", DiagnosisSection.verdictLabel(f.verdict(), f.share())).raw(" ")
          .element("span", "title", f.title()).raw(" ");
      if (f.location() != null) {
        html.element("span", "loc", f.location().location());
      }
      html.close("summary");
      html.element("p", "message", f.message());
      html.open("p", "facts").text(Texts.seconds(f.seconds()) + " · " + Texts.plural(f.samples(), "sample", "samples") + " · "
          + Texts.plural(f.threads(), "thread", "threads") + " · kind " + f.kind()
          + (f.rule() == null ? "" : " · rule " + f.rule())).close("p");
      if (f.location() != null && f.location().file() != null) {
        html.open("p", "where").element("span", "label", "Open: ").copyable(f.location().fileLine()).close("p");
      }
      html.open("p", "suggestion").element("strong", null, "What to do: ").text(f.suggestion()).close("p");
      for (String note : f.notes()) {
        html.element("p", "note", note);
      }
      FrameHtml.path(html, f.path(), f.location());
      html.close("details").raw("</li>\n");
    }
    html.close("ol");
  }
}
