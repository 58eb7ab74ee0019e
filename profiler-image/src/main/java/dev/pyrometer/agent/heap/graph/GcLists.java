package dev.pyrometer.agent.heap.graph;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import java.util.Arrays;

/**
 * The objects on the interpreter's GC generation lists (young, old, permanent), read from the
 * snapshot. The low bits of {@code _gc_next} carry flags on some versions (3.14.0–3.14.4's
 * old-space bit), so they are masked; a list that leaves the snapshot or loops is cut and said so.
 *
 * @param tracked object addresses, sorted, without duplicates
 * @param perGeneration objects per list: generations 0, 1, 2, then the permanent generation
 * @param collecting the collector was running when the snapshot was taken (lists in flux)
 * @param truncatedLists lists cut short because they left the snapshot or did not close
 */
public record GcLists(long[] tracked, long[] perGeneration, boolean collecting, int truncatedLists) {

  /** Objects on generations 0–2: what {@code len(gc.get_objects())} counts. */
  public long generationObjects() {
    return perGeneration[0] + perGeneration[1] + perGeneration[2];
  }

  public int position(long object) {
    return Arrays.binarySearch(tracked, object);
  }

  /** Walks the lists of the GC state at {@code gcState}. */
  public static GcLists walk(Snapshot s, long gcState, InterpreterOffsets f, long gcHeadSize) {
    long maxSteps = s.bytes() / 16 + 1;
    long[] heads = {
        gcState + f.gcGenerationHeads[0], gcState + f.gcGenerationHeads[1],
        gcState + f.gcGenerationHeads[2], gcState + f.gcPermanentHead};
    long[] counts = new long[4];
    long[] found = new long[1 << 16];
    int n = 0;
    int truncated = 0;
    for (int g = 0; g < heads.length; g++) {
      long head = heads[g];
      long p = s.u64(head) & ~3L;
      long steps = 0;
      while (p != head) {
        if (p == 0 || !s.contains(p, gcHeadSize) || ++steps > maxSteps || isOtherHead(p, heads, g)) {
          truncated++;
          break;
        }
        if (n == found.length) {
          found = Arrays.copyOf(found, n * 2);
        }
        found[n++] = p + gcHeadSize;
        counts[g]++;
        p = s.u64(p) & ~3L;
      }
    }
    long[] sorted = Arrays.copyOf(found, n);
    Arrays.sort(sorted);
    int unique = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    boolean collecting = f.gcCollecting >= 0 && s.u32(gcState + f.gcCollecting) != 0;
    return new GcLists(Arrays.copyOf(sorted, unique), counts, collecting, truncated);
  }

  private static boolean isOtherHead(long p, long[] heads, int own) {
    for (int i = 0; i < heads.length; i++) {
      if (i != own && heads[i] == p) {
        return true;
      }
    }
    return false;
  }
}
