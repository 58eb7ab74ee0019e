package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.CallTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * report.html: one self-contained page (styles and script inline, no network) made of sections.
 * {@link #of} builds the guided-analysis page: the diagnosis first, then the most significant
 * path, the findings, the flame graph with that path outlined, and the tables. Other reports add
 * sections with {@link #add}.
 */
public final class ReportHtml {
  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");

  private final String title;
  private final String subtitle;
  private final List<ReportSection> sections = new ArrayList<>();

  public ReportHtml(String title, String subtitle) {
    this.title = title;
    this.subtitle = subtitle;
  }

  /** The guided-analysis page of a profile; {@code displayTree} is what the flame graph shows. */
  public static ReportHtml of(Report report, CallTree displayTree) {
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

  public ReportHtml add(ReportSection section) {
    sections.add(section);
    return this;
  }

  public List<ReportSection> sections() {
    return List.copyOf(sections);
  }

  public void write(Writer out) throws IOException {
    Html html = new Html(out);
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>").text(title + " — " + subtitle).raw("</title>\n<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
    html.raw("<header>\n").element("h1", null, title).raw("\n").element("p", "subtitle", subtitle).raw("\n<nav>");
    for (ReportSection section : sections) {
      html.raw("<a href=\"#").text(section.id()).raw("\">").text(section.title()).raw("</a> ");
    }
    html.raw("</nav>\n</header>\n<main>\n");
    for (ReportSection section : sections) {
      html.raw("<section id=\"").text(section.id()).raw("\">\n").element("h2", null, section.title()).raw("\n");
      section.write(html);
      html.raw("\n</section>\n");
    }
    html.raw("</main>\n<footer>Written by Pyrometer. The same analysis as data: report.json.</footer>\n");
    html.raw("<script>\n").raw(SCRIPT).raw("</script>\n</body>\n</html>\n");
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
