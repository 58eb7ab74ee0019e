package dev.pyrometer.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TickSleepTest {
  @Test
  @Timeout(30)
  void wakesNotBeforeItsDeadlineOnTheNanoTimeClockAndAtOnceForAPastOne() {
    TickSleep sleep = new TickSleep();
    long start = System.nanoTime();
    for (long offset : new long[] {1_000_000, 2_500_000, 17_000_000, 1_000_000_123L}) {
      long deadline = System.nanoTime() + offset;
      sleep.until(deadline);
      // the deadline is on the clock System.nanoTime reads, seconds and nanoseconds both taken
      assertThat(System.nanoTime()).as("offset %d ns", offset).isGreaterThanOrEqualTo(deadline);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofNanos(1_020_500_123L));
    sleep.until(start); // long past: returns
  }
}
