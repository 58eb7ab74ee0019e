package dev.pyrometer.agent.heap.snapshot;

import dev.pyrometer.agent.heap.nativemem.Pagemap;
import dev.pyrometer.agent.heap.nativemem.ResidentPages;
import dev.pyrometer.agent.heap.nativemem.Smaps;
import dev.pyrometer.agent.heap.nativemem.SmapsEntry;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.proc.MemoryMap;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Takes a snapshot of a live process: reads its mappings and memory counters, plans the regions,
 * optionally stops its threads for the copy (never longer than the pause budget), and retries a
 * copy taken while the garbage collector was rearranging its lists.
 */
public final class LiveSnapshotter {
  private static final int MAX_ATTEMPTS = 4;
  private static final long RETRY_MILLIS = 20;

  private final int pid;
  private final Freezer freezer;
  private final Duration pauseBudget;

  /**
   * @param freezer stops the target's threads, or null to copy while it runs
   * @param pauseBudget the longest the target may stay stopped; past it the copy goes on unfrozen
   */
  public LiveSnapshotter(int pid, Freezer freezer, Duration pauseBudget) {
    this.pid = pid;
    this.freezer = freezer;
    this.pauseBudget = pauseBudget;
  }

  /**
   * Takes one snapshot.
   *
   * @param inFlux true when the copy shows the interpreter in a state worth a retry (a GC running)
   */
  public TakenSnapshot take(Predicate<Snapshot> inFlux) throws IOException, MemoryReadException {
    TakenSnapshot last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (last != null) {
        last.close();
        sleep();
      }
      last = takeOnce(attempt);
      if (!inFlux.test(last.snapshot())) {
        return last;
      }
    }
    return last;
  }

  private TakenSnapshot takeOnce(int attempt) throws IOException, MemoryReadException {
    List<SmapsEntry> smaps = Smaps.read(pid);
    Map<String, Long> rollup = Smaps.rollup(pid);
    MemoryMap maps = new MemoryMap(smaps.stream().map(SmapsEntry::mapping).toList());
    List<RegionPlanner.Region> regions;
    ResidentPages resident;
    try (Pagemap pagemap = Pagemap.open(pid)) {
      regions = RegionPlanner.plan(smaps, pagemap);
      resident = ResidentPages.read(pagemap, smaps.stream()
          .map(SmapsEntry::mapping)
          .filter(m -> m.readable() && !m.isFile() && !m.path().startsWith("[v"))
          .map(m -> new long[] {m.start(), m.end()})
          .toArray(long[][]::new));
    }
    try (SnapshotCopier copier = new SnapshotCopier(pid, regions)) {
      Instant at = Instant.now();
      if (freezer == null) {
        Snapshot snapshot = copier.copy(Long.MAX_VALUE, () -> { });
        return new TakenSnapshot(snapshot, maps, smaps, rollup, resident, at, 0, false, copier.missingBytes(), attempt);
      }
      try (Freezer.Frozen frozen = freezer.freeze(pid, pauseBudget)) {
        boolean complete = frozen.complete();
        long deadline = frozen.startedNanos() + pauseBudget.toNanos();
        boolean[] early = {false};
        Snapshot snapshot = copier.copy(deadline, () -> {
          early[0] = true; // over budget: resume the target, copy the rest racily
          frozen.thaw();
        });
        frozen.thaw();
        return new TakenSnapshot(snapshot, maps, smaps, rollup, resident, at, frozen.pauseNanos(),
            complete && !early[0], copier.missingBytes(), attempt);
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
