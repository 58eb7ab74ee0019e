package dev.pyrometer.agent.diff;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The comparison's page: the sentence about the largest change, then the ranked causes, paths and
 * functions (or, for memory, reference paths and path segments) that grew or shrank, each with its
 * share in BASE and NEW, and links to the differential flame graph and diff.folded.
 */
final class DiffReportHtml {
  private DiffReportHtml() {}

  static void write(DiffInput base, DiffInput news, ProfileDiff diff, Writer out) throws IOException {
    out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>pyrometer diff</title>\n"
        + "<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1200px}"
        + "h1{font-size:20px}h2{font-size:16px;margin-top:28px}.headline{font-size:17px;padding:10px 14px;"
        + "border-left:4px solid #c5221f;background:#fdf3f2}table{border-collapse:collapse;width:100%}"
        + "td,th{padding:4px 8px;border-bottom:1px solid #e3e6ec;text-align:left;vertical-align:top}"
        + "td.n{text-align:right;white-space:nowrap}td.name{font-family:ui-monospace,monospace;overflow-wrap:anywhere}"
        + ".grew{color:#b3261e}.shrank{color:#0b57d0}.muted{color:#5d6679}</style>\n</head>\n<body>\n");
    out.write("<section id=\"diff\">\n<h1>What changed from BASE to NEW</h1>\n");
    body(base.file().toString(), news.file().toString(), diff, out);
    out.write("</section>\n</body>\n</html>\n");
  }

  /**
   * The comparison without the page around it: BASE and NEW, the headline, the links to the
   * differential flame graph and data, and the ranked tables (also a session report's section).
   */
  static void body(String base, String news, ProfileDiff diff, Writer out) throws IOException {
    out.write("<p class=\"muted\">BASE: " + esc(base) + " (" + amount(diff, diff.baseTotal())
        + ")<br>NEW: " + esc(news) + " (" + amount(diff, diff.newTotal()) + ")</p>\n");
    out.write("<p class=\"headline\" id=\"diff-headline\">" + esc(diff.headline()) + "</p>\n");
    out.write("<p><a href=\"" + DiffArtifacts.FLAMEGRAPH + "\">Differential flame graph</a> (NEW's shape, red grew,"
        + " blue shrank; its toggle shows BASE's shape with what disappeared) · <a href=\"" + DiffArtifacts.FOLDED
        + "\">diff.folded</a> · <a href=\"" + DiffArtifacts.JSON_FILE + "\">diff.json</a></p>\n");
    if (!diff.bytes()) {
      table(out, "causes", "Causes", "who runs or waits, in what", diff.causes(), diff);
      table(out, "functions", "Functions", "inclusive: the function and everything it calls", diff.functions(), diff);
      table(out, "paths", "Stacks", "complete stacks, root first", diff.paths(), diff);
    } else {
      table(out, "paths", "Reference paths", "each path with everything it holds", diff.paths(), diff);
      table(out, "segments", "Path segments", "one name wherever it appears in a path", diff.functions(), diff);
    }
  }

  private static void table(Writer out, String id, String title, String note, List<Change> changes, ProfileDiff diff)
      throws IOException {
    out.write("<h2>" + esc(title) + " <span class=\"muted\">(" + esc(note) + ")</span></h2>\n");
    if (changes.isEmpty()) {
      out.write("<p class=\"muted\">No change.</p>\n");
      return;
    }
    out.write("<table id=\"diff-" + id + "\">\n<tr><th>Change</th><th>BASE</th><th>NEW</th><th>Name</th></tr>\n");
    for (Change c : changes) {
      boolean grew = diff.bytes() ? c.delta() > 0 : c.points() > 0;
      String size = diff.bytes()
          ? (c.delta() >= 0 ? "+" : "−") + Sizes.bytes(Math.abs(c.delta()))
          : String.format(Locale.ROOT, "%+.1f points", c.points());
      out.write("<tr class=\"" + (grew ? "grew" : "shrank") + "\"><td class=\"n\">" + esc(size) + "</td><td class=\"n\">"
          + esc(share(diff, c.base(), c.baseShare())) + "</td><td class=\"n\">" + esc(share(diff, c.news(), c.newShare()))
          + "</td><td class=\"name\">" + esc(c.name()).replace(";", ";<wbr>") + "</td></tr>\n");
    }
    out.write("</table>\n");
  }

  private static String share(ProfileDiff diff, long value, double share) {
    return String.format(Locale.ROOT, "%.1f%% (%s)", 100 * share,
        diff.bytes() ? Sizes.bytes(value) : value + (value == 1 ? " sample" : " samples"));
  }

  private static String amount(ProfileDiff diff, long total) {
    return diff.bytes() ? Sizes.bytes(total) : total + " samples";
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
