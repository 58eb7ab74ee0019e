package dev.pyrometer.agent.heap.nativemem;

import java.util.Arrays;

/**
 * Which pages of the process were resident when the snapshot was taken: sorted, disjoint
 * {@code [start, end)} runs read from the pagemap, for the anonymous mappings.
 */
public final class ResidentPages {
  private final long[] starts;
  private final long[] ends;

  public ResidentPages(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** Reads the resident runs of the given ranges (each {@code [start, end)}), or null when unreadable. */
  public static ResidentPages read(Pagemap pagemap, long[][] ranges) {
    if (pagemap == null) {
      return null;
    }
    long[] s = new long[64];
    long[] e = new long[64];
    int[] n = {0};
    for (long[] r : ranges) {
      long[][] grow = {s, e};
      boolean ok = pagemap.usedRuns(r[0], r[1], 0, false, (start, end) -> {
        if (n[0] == grow[0].length) {
          grow[0] = Arrays.copyOf(grow[0], n[0] * 2);
          grow[1] = Arrays.copyOf(grow[1], n[0] * 2);
        }
        grow[0][n[0]] = start;
        grow[1][n[0]] = end;
        n[0]++;
      });
      if (!ok) {
        return null;
      }
      s = grow[0];
      e = grow[1];
    }
    return new ResidentPages(Arrays.copyOf(s, n[0]), Arrays.copyOf(e, n[0]));
  }

  /** Calls the visitor for each resident page in {@code [start, end)}. */
  public void forEachPage(long start, long end, java.util.function.LongConsumer page) {
    int i = firstRunEndingAfter(start);
    for (; i < starts.length && starts[i] < end; i++) {
      for (long p = Math.max(starts[i], start); p < Math.min(ends[i], end); p += Pagemap.PAGE) {
        page.accept(p);
      }
    }
  }

  /** Resident bytes in {@code [start, end)}. */
  public long bytes(long start, long end) {
    long total = 0;
    for (int i = firstRunEndingAfter(start); i < starts.length && starts[i] < end; i++) {
      total += Math.min(ends[i], end) - Math.max(starts[i], start);
    }
    return total;
  }

  private int firstRunEndingAfter(long address) {
    int lo = 0;
    int hi = ends.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] <= address) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
