package dev.pyrometer.agent.heap.snapshot;

import com.sun.jna.Memory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.RemoteCopy;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the planned regions of a live process into off-heap memory, as one {@link Snapshot}.
 * The destination is allocated and touched before the copy starts, so a frozen target waits for
 * the copy alone, not for our page faults. What could not be read (a mapping that went away
 * meanwhile) stays zero and is counted.
 */
public final class SnapshotCopier implements AutoCloseable {
  /** The deadline is checked between pieces of this size: the pause overshoots by one piece at most. */
  private static final long PIECE = 8L << 20;

  private final int pid;
  private final List<RegionPlanner.Region> regions;
  private final List<Snapshot.Segment> segments = new ArrayList<>();
  private long missingBytes;
  private boolean handedOver;

  /** Allocates (and faults in) the memory for every region. */
  public SnapshotCopier(int pid, List<RegionPlanner.Region> regions) {
    this.pid = pid;
    this.regions = regions;
    try {
      for (RegionPlanner.Region r : regions) {
        Memory block = new Memory(r.size());
        block.clear();
        segments.add(new Snapshot.Segment(r.start(), block, r.size()));
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      close();
      throw e;
    }
  }

  /**
   * Copies every region.
   *
   * @param deadline {@link System#nanoTime()} after which {@code onDeadline} runs once (the freeze
   *     budget); {@link Long#MAX_VALUE} for none
   */
  public Snapshot copy(long deadline, Runnable onDeadline) throws MemoryReadException {
    boolean deadlinePassed = false;
    try (RemoteCopy copy = new RemoteCopy(pid)) {
      for (int i = 0; i < regions.size(); i++) {
        RegionPlanner.Region r = regions.get(i);
        Memory block = segments.get(i).block();
        for (long done = 0; done < r.size(); done += PIECE) {
          long piece = Math.min(PIECE, r.size() - done);
          missingBytes += copy.copy(r.start() + done, block, done, piece);
          if (!deadlinePassed && System.nanoTime() > deadline) {
            deadlinePassed = true;
            onDeadline.run();
          }
        }
      }
    }
    handedOver = true;
    return new Snapshot(segments);
  }

  /** Bytes that could not be read. */
  public long missingBytes() {
    return missingBytes;
  }

  /** Frees the memory unless a snapshot took it over. */
  @Override
  public void close() {
    if (!handedOver) {
      segments.forEach(s -> s.block().close());
      segments.clear();
    }
  }
}
