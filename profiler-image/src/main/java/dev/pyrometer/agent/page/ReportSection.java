package dev.pyrometer.agent.page;

/**
 * One part of report.html. The page is a list of sections, so other reports (the memory report)
 * add their own without touching these.
 */
public interface ReportSection {
  /** The anchor of the section, unique in the page, e.g. {@code diagnosis}. */
  String id();

  /** The heading, also shown in the page's table of contents. */
  String title();

  /** Writes the section's content (the page writes the surrounding {@code <section>} and heading). */
  void write(Html html);
}
