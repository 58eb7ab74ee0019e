package dev.pyrometer.agent.sample;

import java.util.Map;
import java.util.TreeMap;

/** Thread stacks that were attempted but discarded, by reason (torn-read, frame-cycle, ...). */
final class DropCounts {
  private final Map<String, Long> byReason = new TreeMap<>();
  private long total;

  synchronized void add(String reason) {
    byReason.merge(reason, 1L, Long::sum);
    total++;
  }

  synchronized long total() {
    return total;
  }

  synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(byReason);
  }
}
