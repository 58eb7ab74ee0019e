package dev.pyrometer.agent.heap.snapshot;

import com.sun.jna.Memory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.RemoteCopy;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the planned regions of a live process into off-heap memory, as one {@link Snapshot}.
 * What could not be read (a mapping that went away meanwhile) stays zero and is counted.
 */
public final class SnapshotCopier {
  /** The deadline is checked between pieces of this size: the pause overshoots by one piece at most. */
  private static final long PIECE = 8L << 20;

  private long missingBytes;

  /**
   * Copies every region.
   *
   * @param deadline {@link System#nanoTime()} after which {@code onDeadline} runs once (the freeze
   *     budget); {@link Long#MAX_VALUE} for none
   */
  public Snapshot copy(int pid, List<RegionPlanner.Region> regions, long deadline, Runnable onDeadline)
      throws MemoryReadException {
    List<Snapshot.Segment> segments = new ArrayList<>(regions.size());
    boolean deadlinePassed = false;
    try (RemoteCopy copy = new RemoteCopy(pid)) {
      for (RegionPlanner.Region r : regions) {
        Memory block = new Memory(r.size());
        segments.add(new Snapshot.Segment(r.start(), block, r.size()));
        for (long done = 0; done < r.size(); done += PIECE) {
          long piece = Math.min(PIECE, r.size() - done);
          missingBytes += copy.copy(r.start() + done, block, done, piece);
          if (!deadlinePassed && System.nanoTime() > deadline) {
            deadlinePassed = true;
            onDeadline.run();
          }
        }
      }
    } catch (MemoryReadException | RuntimeException | Error e) {
      segments.forEach(s -> s.block().close());
      throw e;
    }
    return new Snapshot(segments);
  }

  /** Bytes that could not be read in the last copies. */
  public long missingBytes() {
    return missingBytes;
  }
}
