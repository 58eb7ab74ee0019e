package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.memory.LongMap;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The weight of a cpu-mode sample: the CPU time its thread consumed since its previous
 * observation (cumulative nanoseconds on a CPU from {@code schedstat}), in sampling intervals.
 * One sample therefore stands for one interval of CPU time, as in wall mode it stands for one
 * interval of elapsed time, and the profile's seconds are the threads' CPU seconds: a thread that
 * waits for a core or sleeps adds nothing, however long it stays runnable.
 *
 * <p>The time is attributed to the stack seen while the thread is running (state R): CPU time
 * consumed while the sampler saw the thread asleep is carried until the next running observation,
 * so that a thread that computes, then sleeps, does not charge its computation to the sleep.
 * Weights are integers (the call tree counts samples): whole intervals are emitted and the
 * remainder stays carried (error diffusion), so that each thread's total is exact to within one
 * interval; at the end of the recording {@link #flush} rounds what is left up with its
 * probability (stochastic rounding) onto the thread's last running stack.
 */
final class CpuTimeWeights {
  private final long intervalNanos;
  private final SplittableRandom random;
  /** Per thread: [last cumulative CPU ns read, CPU ns consumed but not yet attributed]. */
  private final LongMap<long[]> byTid = new LongMap<>(64);
  private long unattributedNanos;

  CpuTimeWeights(long intervalNanos, SplittableRandom random) {
    this.intervalNanos = intervalNanos;
    this.random = random;
  }

  /**
   * @param cpuNanos the thread's cumulative CPU time now, negative when unreadable
   * @param running whether it is running (or runnable) now, so that its stack shows where it ran
   * @return how many samples this observation stands for (0 for a thread first seen, asleep, or
   *     that consumed nothing)
   */
  long weigh(int tid, long cpuNanos, boolean running) {
    if (cpuNanos < 0) {
      return 0;
    }
    long[] seen = byTid.get(tid);
    if (seen == null) {
      byTid.put(tid, new long[] {cpuNanos, 0});
      return 0; // the first observation only sets the baseline
    }
    if (cpuNanos > seen[0]) {
      seen[1] += cpuNanos - seen[0];
      seen[0] = cpuNanos;
    }
    if (!running) {
      return 0;
    }
    long whole = seen[1] / intervalNanos;
    seen[1] -= whole * intervalNanos;
    return whole;
  }

  /**
   * Whether the thread has a baseline. A thread seen not running then need not be read: the CPU
   * time it consumes meanwhile is the difference the next read takes, whenever that read is.
   */
  boolean observed(int tid) {
    return byTid.get(tid) != null;
  }

  /**
   * The samples still carried for a thread at the end of the recording: the part below one
   * interval rounds up with its probability. The thread's carry is cleared.
   */
  long flush(int tid) {
    long[] seen = byTid.get(tid);
    if (seen == null || seen[1] <= 0) {
      return 0;
    }
    long nanos = seen[1];
    seen[1] = 0;
    long whole = nanos / intervalNanos;
    long rest = nanos - whole * intervalNanos;
    return whole + (random.nextLong(intervalNanos) < rest ? 1 : 0);
  }

  /** Forgets threads that ended; their carried time is counted as unattributed. */
  void retainOnly(Set<Integer> liveTids) {
    byTid.retainIf((tid, seen) -> {
      boolean live = liveTids.contains((int) tid);
      if (!live) {
        unattributedNanos += seen[1];
      }
      return live;
    });
  }

  /** CPU time consumed but never seen running (so far, and still carried): not in the profile. */
  long unattributedNanos() {
    long[] carried = {0};
    byTid.forEach((tid, seen) -> carried[0] += seen[1]);
    return unattributedNanos + carried[0];
  }
}
