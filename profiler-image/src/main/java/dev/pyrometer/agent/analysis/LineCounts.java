package dev.pyrometer.agent.analysis;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Sample weight per source line; the most frequent line stands for a merged function frame. */
final class LineCounts {
  // parallel primitive arrays: one per node where samples ended, most with one line, so a map of
  // boxed numbers would cost several times the counts themselves on a large profile
  private int[] lines = new int[1];
  private long[] weights = new long[1];
  private int size;

  void add(int line, long weight) {
    for (int i = 0; i < size; i++) {
      if (lines[i] == line) {
        weights[i] += weight;
        return;
      }
    }
    if (size == lines.length) {
      lines = Arrays.copyOf(lines, size * 2);
      weights = Arrays.copyOf(weights, size * 2);
    }
    lines[size] = line;
    weights[size++] = weight;
  }

  /** The heaviest line, the lowest on ties (so results never depend on insertion order); 0 when empty. */
  int top() {
    int best = 0;
    long bestWeight = -1;
    for (int i = 0; i < size; i++) {
      long w = weights[i];
      if (w > bestWeight || (w == bestWeight && lines[i] < best)) {
        best = lines[i];
        bestWeight = w;
      }
    }
    return best;
  }

  /** Every line with its weight, heaviest first (the lowest line on ties). */
  List<Map.Entry<Integer, Long>> byWeight() {
    List<Map.Entry<Integer, Long>> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(lines[i], weights[i]));
    }
    out.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return out;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
