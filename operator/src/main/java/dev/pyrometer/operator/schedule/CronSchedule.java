package dev.pyrometer.operator.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A schedule's cron expression in its time zone, read by cron-utils as a CronJob reads it: five
 * Unix fields (day of week 0-7, Sunday both 0 and 7) or a macro such as {@code @daily}.
 */
public final class CronSchedule {
  private static final CronDefinition UNIX_WITH_MACROS =
      CronDefinitionBuilder.defineCron()
          .withMinutes().withValidRange(0, 59).withStrictRange().and()
          .withHours().withValidRange(0, 23).withStrictRange().and()
          .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
          .withMonth().withValidRange(1, 12).withStrictRange().and()
          .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
          .withSupportedNicknameYearly()
          .withSupportedNicknameAnnually()
          .withSupportedNicknameMonthly()
          .withSupportedNicknameWeekly()
          .withSupportedNicknameDaily()
          .withSupportedNicknameMidnight()
          .withSupportedNicknameHourly()
          .instance();
  private static final CronParser PARSER = new CronParser(UNIX_WITH_MACROS);

  private final ExecutionTime times;
  private final ZoneId zone;

  private CronSchedule(ExecutionTime times, ZoneId zone) {
    this.times = times;
    this.zone = zone;
  }

  /**
   * @param timeZone an IANA name, or null for UTC
   * @throws InvalidScheduleException with a sentence saying what is wrong
   */
  public static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone = ZoneOffset.UTC;
    if (timeZone != null && !timeZone.isBlank()) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        throw new InvalidScheduleException("timeZone \"" + timeZone + "\" is not a known IANA time zone (e.g. Europe/Berlin)");
      }
    }
    if (expression == null || expression.isBlank()) {
      throw new InvalidScheduleException("schedule is empty");
    }
    Cron cron;
    try {
      cron = PARSER.parse(expression.trim());
      cron.validate();
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException("schedule \"" + expression + "\" is not a valid cron expression: " + e.getMessage());
    }
    return new CronSchedule(ExecutionTime.forCron(cron), zone);
  }

  /** The first cron time strictly after {@code after}. */
  public Optional<Instant> next(Instant after) {
    return times.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The latest cron time at or before {@code now}. */
  public Optional<Instant> latest(Instant now) {
    ZonedDateTime at = now.atZone(zone);
    if (times.isMatch(at.withNano(0)) && at.getSecond() == 0 && at.getNano() == 0) {
      return Optional.of(now);
    }
    return times.lastExecution(at).map(ZonedDateTime::toInstant);
  }

  /**
   * How many cron times fall in {@code (after, upTo]}, counting no further than {@code cap} (a
   * schedule down for a year need not be walked minute by minute).
   */
  public int countBetween(Instant after, Instant upTo, int cap) {
    int count = 0;
    Optional<Instant> t = next(after);
    while (t.isPresent() && !t.get().isAfter(upTo) && count < cap) {
      count++;
      t = next(t.get());
    }
    return count;
  }

  /** A schedule the operator cannot run: bad cron text or an unknown time zone. */
  public static final class InvalidScheduleException extends RuntimeException {
    public InvalidScheduleException(String message) {
      super(message);
    }
  }
}
