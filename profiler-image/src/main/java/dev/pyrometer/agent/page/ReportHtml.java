package dev.pyrometer.agent.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * report.html: one self-contained page (styles and script inline, no network) made of sections.
 * The CPU report ({@code analysis.GuidedAnalysisPage}) and the memory report ({@code
 * heap.page.MemoryPage}) each build one and {@link #add} their sections.
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
