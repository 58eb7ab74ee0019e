package dev.pyrometer.agent.heap.snapshot;

import java.time.Duration;

/** Stops every thread of a process for a bounded time, so that a copy is consistent. */
public interface Freezer {
  /** Stops the threads of {@code pid}; the result resumes them when closed, always. */
  Frozen freeze(int pid, Duration budget);

  /** A stopped process. Closing it (or {@link #thaw()}) resumes every thread. */
  interface Frozen extends AutoCloseable {
    /** {@link System#nanoTime()} when the first thread was stopped. */
    long startedNanos();

    /** Resumes every thread; later calls do nothing. */
    void thaw();

    /** How long the threads were stopped (so far, if not yet thawed). */
    long pauseNanos();

    /** True when every thread was stopped (false when ptrace was refused or a thread never stopped). */
    boolean complete();

    @Override
    default void close() {
      thaw();
    }
  }
}
