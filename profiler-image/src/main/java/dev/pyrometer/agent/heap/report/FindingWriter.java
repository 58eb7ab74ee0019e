package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.contract.Finding;
import java.util.List;
import java.util.Locale;

/**
 * Writes the headline of a memory report: what grows, or who holds the most, named the way the
 * user would look for it (module file and variable, or thread and frame), with a suggestion.
 */
public final class FindingWriter {
  /** Growth slower than this is not called a leak. */
  private static final double MIN_LEAK_BYTES_PER_SECOND = 10 * 1024;
  /** Below this share of RSS, Python objects are not where the memory is. */
  private static final double NATIVE_SHARE = 0.3;
  private static final long NATIVE_MIN_RSS = 100L << 20;
  /**
   * A holder is a finding only when it is significant: at least this share of Python memory and
   * at least {@link #MIN_HOLDER_BYTES}; else the report says nothing stands out (an 84 KB stdlib
   * cache on a small heap is no headline).
   */
  static final double MIN_HOLDER_SHARE = 0.10;
  static final long MIN_HOLDER_BYTES = 1L << 20;

  private FindingWriter() {}

  public static Finding write(HeapReport report, List<Holder> holders) {
    long total = Math.max(1, report.totals().bytes());
    GrowthReport growth = report.growth();
    if (growth != null && !growth.paths().isEmpty()
        && growth.paths().get(0).slopeBytesPerSecond() >= MIN_LEAK_BYTES_PER_SECOND) {
      return growing(growth.paths().get(0), total);
    }
    NativeBreakdown rss = report.rss();
    if (rss != null && rss.rss() >= NATIVE_MIN_RSS && rss.pythonObjectBytes() < NATIVE_SHARE * rss.rss()) {
      return nativeMemory(rss);
    }
    if (holders.isEmpty()) {
      return null;
    }
    Holder top = holders.get(0);
    double share = top.bytes() / (double) total;
    if (!isSignificant(top.bytes(), share)) {
      return null;
    }
    return switch (top.kind()) {
      case MODULE_GLOBAL -> moduleGlobal(top, share);
      case THREAD_LOCAL -> new Finding("memory.thread-local",
          "local " + top.variable() + ofType(top) + " of " + top.frame() + " holds " + bytes(top.bytes()),
          top.frame(), share,
          "a running function keeps a large object alive: release it (del " + top.variable()
              + ") as soon as it is done with, or process the data in chunks");
      case UNREACHED -> new Finding("memory.unreached",
          bytes(top.bytes()) + " in objects no Python root reaches (" + top.path() + ")", top.path(), share,
          "held by C extension code or uncollected reference cycles: check gc.garbage and the extensions that keep"
              + " Python objects (caches in C modules)");
      case OTHER -> new Finding("memory.largest-path", top.path() + " holds " + bytes(top.bytes()), top.path(), share,
          "this reference path holds the most memory: open the flame graph from its root to see what it keeps");
    };
  }

  private static Finding moduleGlobal(Holder h, double share) {
    String name = h.module() + "." + h.variable();
    String origin = origin(h.file());
    String location = name + (h.file() == null ? "" : " (" + h.file() + ")");
    String title = name + ofType(h) + " holds " + bytes(h.bytes()) + ", "
        + Math.round(share * 100) + "% of Python memory";
    String suggestion = switch (origin) {
      case "library" -> "held by a library's module global: look for a cache setting or a clear() call of that"
          + " library, or a newer release that bounds it";
      case "stdlib" -> "held by a standard library module's global: usually a cache (re, functools, linecache...)"
          + " that your code fills; clear it or limit what reaches it";
      default -> isContainer(h.type())
          ? "a module-level " + h.type() + " this large is often a cache without a bound (take two or more snapshots"
              + " with --snapshots to see whether it grows): bound it"
              + " (functools.lru_cache(maxsize=...), cachetools.LRUCache) or clear entries you no longer need"
          : "a module global holds this object for the life of the process: drop the reference when it is no"
              + " longer needed";
    };
    return new Finding("memory.module-global", title, location, share, suggestion);
  }

  static boolean isSignificant(long bytes, double share) {
    return bytes >= MIN_HOLDER_BYTES && share >= MIN_HOLDER_SHARE;
  }

  private static Finding growing(GrowthReport.Series top, long total) {
    long now = top.bytes().get(top.bytes().size() - 1);
    return new Finding("memory.growth",
        top.name() + " grows by " + bytes((long) top.slopeBytesPerSecond()) + "/s (" + bytes(now) + " now)",
        top.name(), now / (double) total,
        "memory that survives every snapshot and keeps growing is a leak: see what is added to this container"
            + " and when entries are removed (bound it, or clear it)");
  }

  private static Finding nativeMemory(NativeBreakdown rss) {
    NativeBreakdown.Category largest = rss.categories().get(0);
    return new Finding("memory.native",
        "Python objects are " + bytes(rss.pythonObjectBytes()) + " of " + bytes(rss.rss()) + " resident; "
            + largest.name() + " holds " + bytes(largest.bytes()),
        largest.name(), rss.pythonObjectBytes() / (double) rss.rss(),
        "most memory is outside Python objects: native buffers of C extensions (numpy, torch...), or malloc"
            + " arenas kept by glibc (try MALLOC_ARENA_MAX=2, or malloc_trim) ");
  }

  /** Where a module comes from, by its file: a library, the standard library, or the user's code. */
  static String origin(String file) {
    if (file == null) {
      return "unknown";
    }
    if (file.contains("/site-packages/") || file.contains("/dist-packages/")) {
      return "library";
    }
    return file.matches(".*/lib/python3\\.\\d+/.*") ? "stdlib" : "application";
  }

  private static boolean isContainer(String type) {
    return type != null && (type.equals("dict") || type.equals("list") || type.equals("set")
        || type.endsWith("OrderedDict") || type.endsWith("defaultdict") || type.endsWith("deque"));
  }

  private static String ofType(Holder h) {
    if (h.type() == null) {
      return "";
    }
    return " (" + h.type() + (h.length() == null ? "" : String.format(Locale.ROOT, " of %,d", h.length())) + ")";
  }

  /** {@code 52.3 MB}, in powers of 1024 as memory is counted. */
  public static String bytes(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
