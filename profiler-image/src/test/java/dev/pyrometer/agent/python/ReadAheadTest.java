package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import org.junit.jupiter.api.Test;

/** What a read-ahead plan reads: the last walk's ranges, or (accumulating) every recent walk's, bounded. */
class ReadAheadTest {
  private static final long MAPPED_FROM = 0x100000;
  private static final long MAPPED_TO = 0x200000;

  /** Memory mapped in [MAPPED_FROM, MAPPED_TO): each byte holds the low byte of its address. */
  private static final ProcessMemory MEMORY = new ProcessMemory() {
    @Override
    public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
      if (address < MAPPED_FROM || address + length > MAPPED_TO) {
        throw new MemoryReadException("unmapped", address);
      }
      for (int i = 0; i < length; i++) {
        dst[offset + i] = (byte) (address + i);
      }
    }

    @Override
    public String describe() {
      return "a fake mapping";
    }

    @Override
    public void close() {}
  };

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
}
