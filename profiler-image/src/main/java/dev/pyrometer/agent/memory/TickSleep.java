package dev.pyrometer.agent.memory;

import com.sun.jna.Memory;

/**
 * Sleeps until an instant of {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux) with one
 * clock_nanosleep: a sampler wakes up to a thousand times a second, and the JDK's parkNanos costs
 * a condition variable, its mutex and a second futex call per wake-up. One per sampling thread.
 */
public final class TickSleep {
  private static final int CLOCK_MONOTONIC = 1;
  private static final int TIMER_ABSTIME = 1;
  private final Memory deadline = new Memory(16);

  /** Returns at {@code nanoTime} or a little after; early only when a signal interrupted it. */
  public void until(long nanoTime) {
    long seconds = nanoTime / 1_000_000_000L;
    deadline.setLong(0, seconds);
    deadline.setLong(8, nanoTime - seconds * 1_000_000_000L);
    LibC.clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, null);
  }
}
