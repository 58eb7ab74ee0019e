package dev.pyrometer.agent.heap.snapshot;

import dev.pyrometer.agent.heap.nativemem.Pagemap;
import dev.pyrometer.agent.heap.nativemem.SmapsEntry;
import dev.pyrometer.agent.proc.Mapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses what to copy: every writable mapping that can hold objects (the heap, anonymous
 * memory, the writable data of loaded files), only the pages in use (resident or swapped, from
 * the pagemap), skipping guard pages and kernel pseudo mappings.
 */
public final class RegionPlanner {
  /** Runs of used pages closer than this are copied as one (fewer, larger reads). */
  private static final long MERGE_GAP = 64 * 1024;

  /** A range to copy. */
  public record Region(long start, long end) {
    public long size() {
      return end - start;
    }
  }

  private RegionPlanner() {}

  public static List<Region> plan(List<SmapsEntry> smaps, Pagemap pagemap) {
    List<Region> out = new ArrayList<>();
    for (SmapsEntry e : smaps) {
      Mapping m = e.mapping();
      if (!m.readable() || !m.writable() || m.path().startsWith("[v")) {
        continue;
      }
      boolean file = m.isFile();
      if (!file && e.rss() + e.swap() == 0) {
        continue; // never touched: nothing can live there
      }
      boolean mapped = pagemap != null && !file
          && pagemap.usedRuns(m.start(), m.end(), MERGE_GAP, true, (s, end) -> add(out, s, end));
      if (!mapped) {
        add(out, m.start(), m.end());
      }
    }
    return out;
  }

  private static void add(List<Region> out, long start, long end) {
    for (long s = start; s < end; s += Snapshot.MAX_SEGMENT) {
      out.add(new Region(s, Math.min(end, s + Snapshot.MAX_SEGMENT)));
    }
  }
}
