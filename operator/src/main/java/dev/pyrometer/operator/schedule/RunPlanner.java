package dev.pyrometer.operator.schedule;

import dev.pyrometer.operator.api.ConcurrencyPolicy;
import dev.pyrometer.operator.api.ProfileScheduleSpec;
import dev.pyrometer.operator.status.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a run is due, with CronJob's rules (kubernetes/pkg/controller/cronjob,
 * {@code mostRecentScheduleTime} and {@code syncCronJob}): only the most recent missed cron time
 * runs; with startingDeadlineSeconds, times older than the deadline are skipped; more than 100
 * missed times without a deadline earn a TooManyMissedTimes warning; a run while a session is
 * active is skipped (Forbid) or replaces it (Replace). Pure: the caller gives the time.
 */
public final class RunPlanner {
  /** CronJob's limit on missed start times before it warns. */
  public static final int TOO_MANY_MISSED = 100;

  private RunPlanner() {}

  /**
   * @param lastScheduleTime the cron time of the latest run that started, null before the first
   * @param created when the schedule was created (runs before it are not missed runs)
   * @param hasActive whether a session of the schedule is still running
   */
  public static RunPlan plan(
      CronSchedule cron, ProfileScheduleSpec spec, Instant lastScheduleTime, Instant created, Instant now, boolean hasActive) {
    List<SessionEvent> events = new ArrayList<>();
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      return new RunPlan(Optional.empty(), false, Optional.empty(), events);
    }
    Optional<Instant> next = cron.next(now);
    Instant earliest = lastScheduleTime != null ? lastScheduleTime : created;
    Long deadline = spec.getStartingDeadlineSeconds();
    if (deadline != null) {
      Instant windowStart = now.minus(Duration.ofSeconds(deadline));
      if (windowStart.isAfter(earliest)) {
        int skipped = cron.countBetween(earliest, windowStart, TOO_MANY_MISSED + 1);
        if (skipped > 0) {
          events.add(SessionEvent.warning(
              "MissedSchedule",
              (skipped > TOO_MANY_MISSED ? "more than " + TOO_MANY_MISSED : String.valueOf(skipped))
                  + " run(s) missed their starting deadline of " + deadline + "s and were skipped"));
        }
        earliest = windowStart;
      }
    }
    Instant since = earliest;
    Optional<Instant> latest = cron.latest(now).filter(t -> t.isAfter(since));
    if (latest.isEmpty()) {
      return new RunPlan(Optional.empty(), false, next, events);
    }
    if (deadline == null) {
      int missed = cron.countBetween(earliest, now, TOO_MANY_MISSED + 1);
      if (missed > TOO_MANY_MISSED) {
        events.add(SessionEvent.warning(
            "TooManyMissedTimes",
            "too many missed start times (more than " + TOO_MANY_MISSED + "): only the latest runs."
                + " Set or decrease startingDeadlineSeconds or check clock skew"));
      }
    }
    ConcurrencyPolicy policy = spec.getConcurrencyPolicy() == null ? ConcurrencyPolicy.FORBID : spec.getConcurrencyPolicy();
    if (hasActive && policy == ConcurrencyPolicy.FORBID) {
      events.add(new SessionEvent(false, 
          "SessionAlreadyActive",
          "the run of " + latest.get() + " waits: the previous session is still active (concurrencyPolicy Forbid)"));
      return new RunPlan(Optional.empty(), false, next, events);
    }
    return new RunPlan(latest, hasActive, next, events);
  }
}
