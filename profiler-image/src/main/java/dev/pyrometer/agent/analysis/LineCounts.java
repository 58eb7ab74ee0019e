package dev.pyrometer.agent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sample weight per source line; the most frequent line stands for a merged function frame. */
final class LineCounts {
  private final Map<Integer, Long> weights = new HashMap<>(4);

  void add(int line, long weight) {
    weights.merge(line, weight, Long::sum);
  }

  /** The heaviest line, the lowest on ties (so results never depend on hash order); 0 when empty. */
  int top() {
    int best = 0;
    long bestWeight = -1;
    for (Map.Entry<Integer, Long> e : weights.entrySet()) {
      long w = e.getValue();
      if (w > bestWeight || (w == bestWeight && e.getKey() < best)) {
        best = e.getKey();
        bestWeight = w;
      }
    }
    return best;
  }

  /** Every line with its weight, heaviest first (the lowest line on ties). */
  List<Map.Entry<Integer, Long>> byWeight() {
    List<Map.Entry<Integer, Long>> out = new ArrayList<>(weights.entrySet());
    out.sort(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return out;
  }

  boolean isEmpty() {
    return weights.isEmpty();
  }
}
