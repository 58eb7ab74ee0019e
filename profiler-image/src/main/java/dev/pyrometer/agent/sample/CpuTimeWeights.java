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
 *
 * <p>Threads that live shorter than a few intervals (a thread per request: socketserver's
 * ThreadingMixIn, http.server, wsgiref) are most of a thread-per-request server's CPU time. A
 * thread born during the recording therefore has no baseline but zero (all its CPU time is the
 * recording's), and a thread that ended leaves its carry to its last running stack. What it ran
 * after its last read cannot be read (its procfs files go with it), but the process's CPU time
 * includes it: {@link #endedTail} is the process's CPU time that no thread's read accounts for.
 */
final class CpuTimeWeights {
  private final long intervalNanos;
  private final SplittableRandom random;
  /** Per thread: [last cumulative CPU ns read, CPU ns consumed but not yet attributed]. */
  private final LongMap<long[]> byTid = new LongMap<>(64);
  private long unattributedNanos;
  /** Whether every thread alive got its baseline: one first seen after that was born since. */
  private boolean newThreadsFromZero;
  /** CPU nanoseconds the reads found consumed, all threads, since their baselines (or births). */
  private long readNanos;
  private long processCpuAtBaseline;
  private long tailHandedOut;
  /** What ended threads left, below one interval, not yet in a sample (see {@link #endedIntervals}). */
  private long endedCarryNanos;

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
      if (!newThreadsFromZero) {
        byTid.put(tid, new long[] {cpuNanos, 0});
        return 0; // the first observation only sets the baseline
      }
      seen = new long[] {0, 0}; // born since every thread got its baseline
      byTid.put(tid, seen);
    }
    if (cpuNanos > seen[0]) {
      readNanos += cpuNanos - seen[0];
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
   * Whether the thread's CPU time moved since its last read (or it has none): if not, this
   * observation weighs nothing and carries nothing, running or not.
   */
  boolean movedSince(int tid, long cpuNanos) {
    long[] seen = byTid.get(tid);
    return seen == null || cpuNanos != seen[0];
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
    return intervals(nanos);
  }

  /**
   * Every thread alive has its baseline (the sampler read them all at {@code processCpuNanos}, the
   * process's CPU time then): a thread first seen from now on was born since.
   */
  void everyThreadHasItsBaseline(long processCpuNanos) {
    newThreadsFromZero = true;
    processCpuAtBaseline = processCpuNanos;
  }

  /** The process's CPU time when every thread got its baseline; negative before then, or if it was unreadable. */
  long processCpuAtBaseline() {
    return newThreadsFromZero ? processCpuAtBaseline : -1;
  }

  /** Whether a thread first seen now was born during the recording. */
  boolean countsNewThreadsFromZero() {
    return newThreadsFromZero;
  }

  /**
   * Forgets the threads not in {@code liveTids}: each one's carry, in nanoseconds, goes to
   * {@code ended} (which returns false when the thread has no stack to take it: then the time is
   * unattributed).
   */
  void forgetEnded(Set<Integer> liveTids, EndedThread ended) {
    byTid.retainIf((tid, seen) -> {
      if (liveTids.contains((int) tid)) {
        return true;
      }
      if (!ended.charge((int) tid, seen[1])) {
        unattributedNanos += seen[1];
      }
      return false;
    });
  }

  /** A thread that ended, with the CPU nanoseconds it carried. */
  interface EndedThread {
    boolean charge(int tid, long carriedNanos);
  }

  /**
   * CPU time of the process that no read of its threads accounts for, not yet handed out: the
   * threads that ended ran it after their last read (or were born and ended between two reads).
   * Valid right after every live thread was read; {@code processCpuNanos} is the process's CPU
   * time read just before those reads (so the result is a lower bound: a thread that ran in
   * between is not counted twice, and what is left out now is in the next call's result). Returns
   * it and counts it as handed out.
   */
  long endedTail(long processCpuNanos) {
    if (!newThreadsFromZero || processCpuNanos < 0) {
      return 0;
    }
    long tail = Math.max(0, processCpuNanos - processCpuAtBaseline - readNanos - tailHandedOut);
    tailHandedOut += tail;
    return tail;
  }

  /**
   * CPU nanoseconds that ended threads leave (their carry, their share of {@link #endedTail}) as
   * whole intervals; the rest is carried to the next ended thread (error diffusion across them).
   * Each of a thread-per-request server's many short threads leaves less than an interval: rounded
   * one by one, a 5 s recording's total swung by a tenth; diffused, it is exact within one interval.
   */
  long endedIntervals(long nanos) {
    endedCarryNanos += Math.max(0, nanos);
    long whole = endedCarryNanos / intervalNanos;
    endedCarryNanos -= whole * intervalNanos;
    return whole;
  }

  /** At the end: what ended threads left below one interval, rounded up with its probability. */
  long flushEnded() {
    long nanos = endedCarryNanos;
    endedCarryNanos = 0;
    return intervals(nanos);
  }

  /** Nanoseconds as a whole number of intervals, the rest rounded up with its probability. */
  long intervals(long nanos) {
    long whole = nanos / intervalNanos;
    long rest = nanos - whole * intervalNanos;
    return whole + (rest > 0 && random.nextLong(intervalNanos) < rest ? 1 : 0);
  }

  /** CPU time consumed but never seen running (so far, and still carried): not in the profile. */
  long unattributedNanos() {
    long[] carried = {0};
    byTid.forEach((tid, seen) -> carried[0] += seen[1]);
    return unattributedNanos + carried[0];
  }
}
