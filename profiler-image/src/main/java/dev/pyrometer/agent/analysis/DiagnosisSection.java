package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import java.util.Locale;

/** The top of the page: the headline finding with where to look and what to do, then the written diagnosis. */
final class DiagnosisSection implements ReportSection {
  private final Report report;

  DiagnosisSection(Report report) {
    this.report = report;
  }

  @Override
  public String id() {
    return "diagnosis";
  }

  @Override
  public String title() {
    return "Diagnosis";
  }

  @Override
  public void write(Html html) {
    report.headlineFinding().ifPresent(top -> {
      html.raw("<div id=\"headline\" class=\"headline verdict-").text(top.verdict().name().toLowerCase(Locale.ROOT)).raw("\">");
      html.element("span", "badge", verdictLabel(top.verdict())).element("span", "kind", top.kind());
      html.element("h3", "title", top.title());
      html.shareBar(top.share());
      html.element("span", "time", Texts.seconds(top.seconds()) + " · " + Texts.plural(top.threads(), "thread", "threads"));
      if (top.location() != null) {
        html.open("p", "where").element("span", "label", top.applicationCode() ? "Your code: " : "Nearest frame: ")
            .element("span", "fn", top.location().function()).raw(" ").copyable(top.location().fileLine());
        if (top.location().code() != null) {
          html.element("code", "src", top.location().code());
        }
        if (top.call() != null) {
          html.element("span", "calls", " calls " + callName(top.call()));
        }
        html.close("p");
      }
      html.element("p", "message", top.message());
      html.open("p", "suggestion").element("strong", null, "What to do: ").text(top.suggestion()).close("p");
      html.raw("</div>\n");
    });
    String shown = report.headlineFinding().map(ReportFinding::message).orElse(null);
    html.open("ul", "diagnosis");
    for (String sentence : report.diagnosis()) {
      if (!sentence.equals(shown)) { // the headline box above already says it
        html.element("li", null, sentence);
      }
    }
    html.close("ul");
  }

  /**
   * A finding too small to make the headline ({@link GuidedAnalysis#HEADLINE_MIN_SHARE}) is worth
   * listing but not worth calling a problem.
   */
  static boolean isMinor(Verdict verdict, double share) {
    return verdict == Verdict.PROBLEM && share < GuidedAnalysis.HEADLINE_MIN_SHARE;
  }

  static String verdictLabel(Verdict verdict, double share) {
    return isMinor(verdict, share) ? "minor" : verdictLabel(verdict);
  }

  static String verdictClass(Verdict verdict, double share) {
    return isMinor(verdict, share) ? "minor" : verdict.name().toLowerCase(java.util.Locale.ROOT);
  }

  static String verdictLabel(Verdict verdict) {
    return switch (verdict) {
      case PROBLEM -> "problem";
      case WAITING -> "waiting for other threads";
      case IDLE -> "idle — not a problem";
    };
  }

  static String callName(ReportFrame call) {
    return call.module() != null && call.category() != CodeCategory.APP ? call.module() + "." + call.function() : call.function();
  }
}
