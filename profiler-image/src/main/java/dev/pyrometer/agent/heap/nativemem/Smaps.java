package dev.pyrometer.agent.heap.nativemem;

import dev.pyrometer.agent.proc.Mapping;
import dev.pyrometer.agent.proc.MemoryMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/PID/smaps} (per mapping) and {@code /proc/PID/smaps_rollup} (totals). The
 * kernel walks page tables under the target's mmap lock for these: read them once per snapshot.
 */
public final class Smaps {
  private Smaps() {}

  public static List<SmapsEntry> read(int pid) throws IOException {
    return parse(Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps")));
  }

  static List<SmapsEntry> parse(List<String> lines) {
    List<SmapsEntry> out = new ArrayList<>();
    Mapping current = null;
    Map<String, Long> counters = new HashMap<>();
    for (String line : lines) {
      Mapping header = isHeader(line) ? MemoryMap.parse(List.of(line)).mappings().stream().findFirst().orElse(null) : null;
      if (header != null) {
        if (current != null) {
          out.add(entry(current, counters));
        }
        current = header;
        counters.clear();
      } else {
        parseCounter(line, counters);
      }
    }
    if (current != null) {
      out.add(entry(current, counters));
    }
    return out;
  }

  /** The totals of {@code smaps_rollup}: {@code Rss}, {@code Anonymous}, {@code Swap}..., in bytes. */
  public static Map<String, Long> rollup(int pid) throws IOException {
    Map<String, Long> counters = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps_rollup"))) {
      parseCounter(line, counters);
    }
    return counters;
  }

  private static boolean isHeader(String line) {
    int dash = line.indexOf('-');
    int space = line.indexOf(' ');
    return dash > 0 && space > dash && line.charAt(0) != ' ' && !line.substring(0, space).contains(":");
  }

  private static void parseCounter(String line, Map<String, Long> counters) {
    int colon = line.indexOf(':');
    if (colon <= 0 || !line.endsWith(" kB")) {
      return;
    }
    try {
      long kb = Long.parseLong(line.substring(colon + 1, line.length() - 3).trim());
      counters.put(line.substring(0, colon), kb * 1024);
    } catch (NumberFormatException ignored) {
      // not a counter line
    }
  }

  private static SmapsEntry entry(Mapping m, Map<String, Long> c) {
    return new SmapsEntry(m, c.getOrDefault("Rss", 0L), c.getOrDefault("Anonymous", 0L), c.getOrDefault("Swap", 0L));
  }
}
