package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;

/** How a report frame looks in every list of the page: its share, name, kind of code, file:line and source. */
final class FrameHtml {
  private FrameHtml() {}

  /** Writes one {@code <li>} of a path; the location frame is marked, application frames highlighted. */
  static void item(Html html, ReportFrame frame, boolean isLocation) {
    String classes = "frame cat-" + frame.category().name().toLowerCase(java.util.Locale.ROOT)
        + (frame.category() == CodeCategory.APP ? " app" : "") + (isLocation ? " location" : "");
    html.open("li", classes);
    if (frame.share() != null) {
      html.shareBar(frame.share());
    }
    html.element("span", "fn", frame.kind().equals("syscall") ? frame.function() + " (system call)" : frame.function());
    html.element("span", "cat", frame.category().label());
    if (frame.file() != null) {
      html.copyable(frame.fileLine());
    }
    if (frame.code() != null && !frame.code().isEmpty()) {
      html.element("code", "src", frame.code());
    }
    if (isLocation) {
      html.element("span", "marker", "← the line to look at");
    }
    html.close("li");
  }

  /** Writes a path root first, marking the location frame. */
  static void path(Html html, java.util.List<ReportFrame> frames, ReportFrame location) {
    int locationIndex = -1;
    if (location != null) {
      for (int i = frames.size() - 1; i >= 0; i--) {
        ReportFrame f = frames.get(i);
        if (f.function().equals(location.function()) && java.util.Objects.equals(f.file(), location.file())) {
          locationIndex = i;
          break;
        }
      }
    }
    html.open("ol", "path");
    for (int i = 0; i < frames.size(); i++) {
      item(html, frames.get(i), i == locationIndex);
    }
    html.close("ol");
  }
}
