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

  /** Counts something read and left out that is not a dropped stack (asyncio tasks): not in {@link #total()}. */
  synchronized void note(String reason, long count) {
    byReason.merge(reason, count, Long::sum);
  }

  synchronized long total() {
    return total;
  }

  synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(byReason);
  }
}
