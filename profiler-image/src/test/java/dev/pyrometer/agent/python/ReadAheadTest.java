package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import org.junit.jupiter.api.Test;

/** What a read-ahead plan reads: the last walk's ranges, or (accumulating) every recent walk's, bounded. */
class ReadAheadTest {
  private static final long MAPPED_FROM = 0x100000;
  private static final long MAPPED_TO = 0x200000;

  /**
   * Memory mapped in [MAPPED_FROM, MAPPED_TO): each byte holds the low byte of its address plus
   * {@link #generation}; {@link #unmapped} is one more address that cannot be read.
   */
  private static final class FakeMemory implements ProcessMemory {
    int generation;
    long unmapped = -1;

    @Override
    public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
      if (address < MAPPED_FROM || address + length > MAPPED_TO || address == unmapped) {
        throw new MemoryReadException("unmapped", address);
      }
      for (int i = 0; i < length; i++) {
        dst[offset + i] = (byte) (address + i + generation);
      }
    }

    @Override
    public String describe() {
      return "a fake mapping";
    }

    @Override
    public void close() {}
  }

  private static final ProcessMemory MEMORY = new FakeMemory();

  /** Frames of three paths, a page apart: each range its own iovec. */
  private static long frame(int path, int depth) {
    return MAPPED_FROM + (path * 4L + depth) * 4096;
  }

  private static void walk(ReadAhead plan, int path) {
    for (int depth = 0; depth < 3; depth++) {
      plan.want(frame(path, depth), 400);
    }
  }

  private static boolean holds(ReadAhead plan, int path) {
    for (int depth = 0; depth < 3; depth++) {
      int at = plan.find(frame(path, depth), 400);
      if (at < 0 || plan.data()[at] != (byte) frame(path, depth)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aSamplePlanReadsWhatTheLastWalkWanted() throws Exception {
    ReadAhead plan = new ReadAhead(MEMORY);
    plan.begin();
    walk(plan, 0);
    plan.begin();
    walk(plan, 1);
    plan.begin();
    assertThat(holds(plan, 1)).isTrue();
    assertThat(holds(plan, 0)).as("two walks ago").isFalse();
  }

  @Test
  void anAccumulatingPlanReadsEveryRecentWalksRanges() throws Exception {
    ReadAhead plan = ReadAhead.accumulating(MEMORY, 96, 64 * 1024);
    plan.begin();
    walk(plan, 0);
    plan.begin();
    walk(plan, 1);
    plan.begin();
    walk(plan, 2);
    plan.beginTwice();
    assertThat(holds(plan, 0) && holds(plan, 1) && holds(plan, 2)).as("every path's frames").isTrue();
    assertThat(plan.findAgain(frame(0, 2), 400)).as("and in the second read").isGreaterThanOrEqualTo(0);
    assertThat(plan.ranges()).isEqualTo(9);
  }

  @Test
  void aFullAccumulatingPlanStartsAgainFromTheLastWalk() throws Exception {
    ReadAhead plan = ReadAhead.accumulating(MEMORY, 4, 64 * 1024);
    plan.begin();
    walk(plan, 0);
    plan.begin();
    walk(plan, 1); // 3 kept + 3 wanted > 4: the kept ones go
    plan.begin();
    assertThat(holds(plan, 1)).isTrue();
    assertThat(holds(plan, 0)).isFalse();
    assertThat(plan.ranges()).isEqualTo(3);
  }

  @Test
  void anAccumulatingPlanDropsARangeThatCouldNotBeRead() throws Exception {
    ReadAhead plan = ReadAhead.accumulating(MEMORY, 96, 64 * 1024);
    plan.begin();
    walk(plan, 0);
    plan.want(MAPPED_TO + 4096, 400); // freed and unmapped since
    plan.begin();
    assertThat(plan.ranges()).isEqualTo(4);
    plan.begin(); // nothing new wanted
    assertThat(plan.ranges()).as("the unmapped range is no longer read").isEqualTo(3);
    assertThat(holds(plan, 0)).isTrue();
  }

  @Test
  void aPlanWhoseKeptRangesOutgrowItsBoundWhenMergedIsBegunAgain() throws Exception {
    // two wants in one page are read as one range, the bytes between them included: wanted again
    // as kept ranges, that range alone is over the bound. It is dropped, and the rest is kept
    // (once, this threw: the plan dropped "the kept ranges" with the last walk's count)
    ReadAhead plan = ReadAhead.accumulating(MEMORY, 96, 2000);
    long other1 = MAPPED_FROM + 8 * 4096;
    long other2 = MAPPED_FROM + 10 * 4096;
    plan.begin();
    plan.want(other1, 400);
    plan.want(other2, 400);
    plan.begin(); // keeps both
    plan.want(MAPPED_FROM, 400);
    plan.want(MAPPED_FROM + 3000, 400); // 1,600 bytes wanted in all; read as 3,400 bytes from MAPPED_FROM
    plan.begin();
    assertThat(plan.find(MAPPED_FROM + 3000, 400)).as("read in this batch").isGreaterThanOrEqualTo(0);
    plan.begin();
    assertThat(plan.ranges()).as("the merged range is not kept: 3,400 bytes > 2,000").isEqualTo(2);
    assertThat(plan.find(other1, 400)).isGreaterThanOrEqualTo(0);
    assertThat(plan.find(other2, 400)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void theSameRangesWantedAgainAreReadAgain() throws Exception {
    // a steady program wants the same ranges sample after sample, and the plan is not rebuilt:
    // its bytes must still be this read's, and a range that became unreadable must not be served
    FakeMemory changing = new FakeMemory();
    ReadAhead plan = new ReadAhead(changing);
    plan.begin();
    walk(plan, 0);
    plan.begin();
    walk(plan, 0);
    changing.generation = 7;
    changing.unmapped = frame(0, 2);
    plan.begin();
    int at = plan.find(frame(0, 1), 400);
    assertThat(at).isGreaterThanOrEqualTo(0);
    assertThat(plan.data()[at]).as("this read's bytes").isEqualTo((byte) (frame(0, 1) + 7));
    assertThat(plan.find(frame(0, 2), 400)).as("unreadable now").isEqualTo(-1);
  }
}
