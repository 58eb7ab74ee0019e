package dev.pyrometer.operator.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A memory session's duration becomes snapshots from its start to its end. */
class MemoryScheduleTest {
  @Test
  void thirtySecondsAreFourSnapshotsTenSecondsApart() {
    assertThat(MemorySchedule.of(Duration.ofSeconds(30))).isEqualTo(new MemorySchedule(4, Duration.ofSeconds(10)));
  }

  @Test
  void theShortestSessionStillComparesTwoSnapshots() {
    assertThat(MemorySchedule.of(Duration.ofSeconds(1))).isEqualTo(new MemorySchedule(2, Duration.ofSeconds(1)));
  }

  @Test
  void aLongSessionTakesAtMostSixSpreadOverIt() {
    assertThat(MemorySchedule.of(Duration.ofMinutes(30))).isEqualTo(new MemorySchedule(6, Duration.ofMinutes(6)));
  }

  @Test
  void theLastSnapshotFallsAtTheEndOfTheDuration() {
    for (int seconds = 1; seconds <= 1800; seconds += 7) {
      MemorySchedule s = MemorySchedule.of(Duration.ofSeconds(seconds));
      Duration last = s.interval().multipliedBy(s.snapshots() - 1);
      assertThat(last).as("%ds", seconds).isBetween(Duration.ofSeconds(seconds).minusMillis(5), Duration.ofSeconds(seconds));
      assertThat(s.snapshots()).isBetween(2, 6);
    }
  }
}
