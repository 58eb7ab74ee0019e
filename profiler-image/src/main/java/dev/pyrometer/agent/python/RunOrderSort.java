package dev.pyrometer.agent.python;

import java.util.Arrays;

/**
 * Sorts a sample's check entries, most of which come as one ascending run per thread (a thread's
 * frames lie in its own data-stack chunk, at addresses that rise from the innermost frame
 * outwards): the runs are put in the order of their first entries and, when they do not overlap,
 * that is their sorted order, for the cost of sorting one entry per thread. The other entries (code
 * objects, before 3.14) are sorted on their own and merged in. {@link Arrays#sort(long[])} of all
 * of them together quicksorts hundreds of short runs (200 threads of a thread pool) or
 * insertion-sorts frames interleaved with code objects (one thread on 3.12); either was the
 * largest Java item of a tick. Runs that overlap, or many short ones, fall back to it.
 *
 * <p>Values are distinct and carry an index in their low 16 bits, which the caller maps to where
 * the value is before sorting ({@code positionOf}).
 */
final class RunOrderSort {
  private long[] heads = new long[64];
  private int[] runEnd = new int[256];
  private long[] scratch = new long[256];

  /**
   * Sorts {@code values[0, n)} ascending: {@code [0, runsEnd)} holds ascending runs, {@code
   * [runsEnd, n)} values in any order. {@code positionOf[v & 0xffff]} is the position of value v.
   */
  void sort(long[] values, int runsEnd, int n, int[] positionOf) {
    if (runEnd.length < n) {
      runEnd = new int[n * 2];
      scratch = new long[n * 2];
    }
    sortRuns(values, runsEnd, positionOf);
    if (runsEnd < n) {
      Arrays.sort(values, runsEnd, n);
      if (runsEnd > 0 && values[runsEnd - 1] > values[runsEnd]) {
        mergeHalves(values, runsEnd, n);
      }
    }
  }

  private void sortRuns(long[] values, int n, int[] positionOf) {
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
    if (runs <= 1) {
      return;
    }
    if (runs > n / 4) { // short runs: nothing to gain over the general sort
      Arrays.sort(values, 0, n);
      return;
    }
    Arrays.sort(heads, 0, runs);
    int out = 0;
    for (int r = 0; r < runs; r++) {
      int from = positionOf[(int) (heads[r] & 0xffff)];
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

  /** Merges the sorted {@code [0, mid)} and {@code [mid, n)}. */
  private void mergeHalves(long[] values, int mid, int n) {
    int a = 0;
    int b = mid;
    int out = 0;
    while (a < mid && b < n) {
      scratch[out++] = values[a] <= values[b] ? values[a++] : values[b++];
    }
    System.arraycopy(values, a, scratch, out, mid - a);
    out += mid - a;
    System.arraycopy(values, b, scratch, out, n - b);
    System.arraycopy(scratch, 0, values, 0, n);
  }
}
