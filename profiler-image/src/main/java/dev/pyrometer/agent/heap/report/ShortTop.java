package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.contract.Finding;

/**
 * The memory headline in a few words for a printer column ({@code kubectl get}) and a console
 * line: {@code module.variable (type) size}, never a file path. The finding keeps the long form.
 */
public final class ShortTop {
  static final int MAX_CHARS = 60;

  private ShortTop() {}

  /** The short headline of a report, or null when it holds nothing to name. */
  public static String of(HeapReport report) {
    Finding f = report.finding();
    String kind = f == null ? "" : f.kind();
    GrowthReport growth = report.growth();
    if (kind.equals("memory.growth") && growth != null && !growth.paths().isEmpty()) {
      GrowthReport.Series top = growth.paths().get(0);
      return fit(name(top.name()), " +" + FindingWriter.bytes((long) top.slopeBytesPerSecond()) + "/s");
    }
    NativeBreakdown rss = report.rss();
    if (kind.equals("memory.native") && rss != null && !rss.categories().isEmpty()) {
      NativeBreakdown.Category largest = rss.categories().get(0);
      return fit(name(largest.name()), " " + FindingWriter.bytes(largest.bytes()));
    }
    if (report.topPaths() == null || report.topPaths().isEmpty()) {
      return null;
    }
    HeapReport.PathEntry top = report.topPaths().get(0);
    return fit(name(top.path()), " " + FindingWriter.bytes(top.bytes()));
  }

  /**
   * A reference path named as the user would write it: {@code sys.modules;pkg.mod;CACHE (dict)}
   * becomes {@code pkg.mod.CACHE (dict)}; another path its last segment; a file path its base name.
   */
  public static String name(String path) {
    String[] segments = path.split(";");
    String out;
    if (segments.length >= 3 && segments[0].equals("sys.modules")) {
      out = segments[1] + "." + segments[2];
    } else {
      out = segments[segments.length - 1];
    }
    return out.replaceAll("(?:/[^/\\s();]+)+/([^/\\s();]+)", "$1");
  }

  /** The name shortened so that name and size together stay within {@link #MAX_CHARS}. */
  private static String fit(String name, String size) {
    int room = MAX_CHARS - size.length();
    return (name.length() <= room ? name : name.substring(0, room - 1) + "…") + size;
  }
}
