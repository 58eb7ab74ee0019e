package dev.pyrometer.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Cron expressions read as a CronJob reads them, in the schedule's time zone. */
class CronScheduleTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:07:30Z"); // a Wednesday

  @Test
  void fiveFieldUnixCron() {
    CronSchedule every5 = CronSchedule.parse("*/5 * * * *", null);
    assertThat(every5.next(NOW)).contains(Instant.parse("2026-12-02T10:10:00Z"));
    assertThat(every5.latest(NOW)).contains(Instant.parse("2026-12-02T10:05:00Z"));
    // a cron time is its own latest: the run at 10:10:00 is due at 10:10:00
    assertThat(every5.latest(Instant.parse("2026-12-02T10:10:00Z"))).contains(Instant.parse("2026-12-02T10:10:00Z"));
    assertThat(every5.countBetween(Instant.parse("2026-12-02T10:00:00Z"), NOW, 100)).isEqualTo(1);
    assertThat(every5.countBetween(Instant.parse("2026-12-01T10:00:00Z"), NOW, 100)).isEqualTo(100);
  }

  @Test
  void macrosAsCronJobAcceptsThem() {
    assertThat(CronSchedule.parse("@hourly", null).next(NOW)).contains(Instant.parse("2026-12-02T11:00:00Z"));
    assertThat(CronSchedule.parse("@daily", null).next(NOW)).contains(Instant.parse("2026-12-03T00:00:00Z"));
    assertThat(CronSchedule.parse("@midnight", null).next(NOW)).contains(Instant.parse("2026-12-03T00:00:00Z"));
    // @weekly is Sunday midnight
    assertThat(CronSchedule.parse("@weekly", null).next(NOW)).contains(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(CronSchedule.parse("@monthly", null).next(NOW)).contains(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(CronSchedule.parse("@yearly", null).next(NOW)).contains(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void dayOfWeekSevenAndZeroAreSunday() {
    assertThat(CronSchedule.parse("0 3 * * 0", null).next(NOW)).contains(Instant.parse("2026-12-06T03:00:00Z"));
    assertThat(CronSchedule.parse("0 3 * * 7", null).next(NOW)).contains(Instant.parse("2026-12-06T03:00:00Z"));
    assertThat(CronSchedule.parse("0 3 * * 1-5", null).next(NOW)).contains(Instant.parse("2026-12-03T03:00:00Z"));
  }

  @Test
  void theTimeZoneMovesTheInstant() {
    // 09:00 in Kathmandu (UTC+05:45) is 03:15 UTC
    assertThat(CronSchedule.parse("0 9 * * *", "Asia/Kathmandu").next(NOW)).contains(Instant.parse("2026-12-03T03:15:00Z"));
    // Berlin in winter is UTC+1
    assertThat(CronSchedule.parse("30 2 * * *", "Europe/Berlin").next(NOW)).contains(Instant.parse("2026-12-03T01:30:00Z"));
  }

  @Test
  void badExpressionsAndUnknownZonesSayWhatIsWrong() {
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", null))
        .isInstanceOf(CronSchedule.InvalidScheduleException.class).hasMessageStartingWith("schedule \"61 * * * *\" is not a valid cron expression");
    assertThatThrownBy(() -> CronSchedule.parse("* * * *", null))
        .isInstanceOf(CronSchedule.InvalidScheduleException.class).hasMessageStartingWith("schedule \"* * * *\" is not a valid cron expression");
    assertThatThrownBy(() -> CronSchedule.parse("@reboot", null)).isInstanceOf(CronSchedule.InvalidScheduleException.class);
    assertThatThrownBy(() -> CronSchedule.parse("0 * * * *", "Mars/Olympus"))
        .isInstanceOf(CronSchedule.InvalidScheduleException.class)
        .hasMessage("timeZone \"Mars/Olympus\" is not a known IANA time zone (e.g. Europe/Berlin)");
  }
}
