package dev.pyrometer.agent.python;

import java.util.Arrays;

/**
 * Sorts a sample's check entries, which come as one ascending run per thread (a thread's frames lie
 * in its own data-stack chunk, at addresses that rise from the innermost frame outwards): the runs
 * are put in the order of their first entries and, when they do not overlap, that is the sorted
 * order, for the cost of sorting one entry per thread. {@link Arrays#sort(long[])} quicksorts
 * hundreds of short runs (200 threads of a thread pool) and was the largest Java item of a tick.
 * Anything else (runs that overlap, many short runs) falls back to {@link Arrays#sort(long[])}.
 *
 * <p>The values are distinct and carry their position: value {@code v} was at position
 * {@code n - 1 - (v & 0xffff)} before sorting (how {@link StackCheck} fills them).
 */
final class RunOrderSort {
  private long[] heads = new long[64];
  private int[] runEnd = new int[256];
  private long[] scratch = new long[256];

  /** Sorts {@code values[0, n)} ascending. */
  void sort(long[] values, int n) {
    if (runEnd.length < n) {
      runEnd = new int[n * 2];
      scratch = new long[n * 2];
    }
    int runs = 0;
    int start = 0;
    for (int p = 1; p <= n; p++) {
      if (p == n || values[p] < values[p - 1]) {
        if (runs == heads.length) {
          heads = Arrays.copyOf(heads, runs * 2);
        }
        heads[runs++] = values[start];
        runEnd[start] = p;
        start = p;
      }
    }
    if (runs == 1) {
      return;
    }
    if (runs > n / 4) { // short runs: nothing to gain over the general sort
      Arrays.sort(values, 0, n);
      return;
    }
    Arrays.sort(heads, 0, runs);
    int out = 0;
    for (int r = 0; r < runs; r++) {
      int from = n - 1 - (int) (heads[r] & 0xffff);
      int to = runEnd[from];
      if (out > 0 && scratch[out - 1] > values[from]) { // runs overlap: sort them all
        Arrays.sort(values, 0, n);
        return;
      }
      System.arraycopy(values, from, scratch, out, to - from);
      out += to - from;
    }
    System.arraycopy(scratch, 0, values, 0, n);
  }
}
