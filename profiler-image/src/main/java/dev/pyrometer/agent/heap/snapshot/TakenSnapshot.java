package dev.pyrometer.agent.heap.snapshot;

import dev.pyrometer.agent.heap.nativemem.ResidentPages;
import dev.pyrometer.agent.heap.nativemem.SmapsEntry;
import dev.pyrometer.agent.proc.MemoryMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot with what was known about the process when it was taken.
 *
 * @param snapshot the copied memory (owned: close it)
 * @param maps the mappings at the time
 * @param smaps per-mapping memory counters, read just before the copy
 * @param rollup {@code smaps_rollup} totals, read just before the copy
 * @param resident resident pages of the anonymous mappings, or null when the pagemap is unreadable
 * @param takenAt when the copy started
 * @param pauseNanos how long the target was stopped (0 when not frozen)
 * @param frozen true when every thread was stopped during the whole copy
 * @param missingBytes bytes that could not be read (left zero)
 * @param attempts copies made (a copy during a garbage collection is retried)
 */
public record TakenSnapshot(
    Snapshot snapshot,
    MemoryMap maps,
    List<SmapsEntry> smaps,
    Map<String, Long> rollup,
    ResidentPages resident,
    Instant takenAt,
    long pauseNanos,
    boolean frozen,
    long missingBytes,
    int attempts) implements AutoCloseable {

  @Override
  public void close() {
    snapshot.close();
  }
}
