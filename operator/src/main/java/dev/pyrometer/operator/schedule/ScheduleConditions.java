package dev.pyrometer.operator.schedule;

import static dev.pyrometer.operator.status.Conditions.condition;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * A schedule's conditions: {@code Ready} (True while it can run: reason Scheduled or Suspended;
 * False with InvalidSchedule) and kstatus's {@code Stalled} (True on InvalidSchedule), so that
 * Flux and Argo CD see a schedule the operator cannot run.
 */
public final class ScheduleConditions {
  public static final String READY = "Ready";
  public static final String STALLED = "Stalled";
  public static final String SCHEDULED = "Scheduled";
  public static final String SUSPENDED = "Suspended";
  public static final String INVALID_SCHEDULE = "InvalidSchedule";

  private ScheduleConditions() {}

  public static List<Condition> of(String reason, String message, long generation, List<Condition> previous, String now) {
    boolean invalid = INVALID_SCHEDULE.equals(reason);
    return List.of(
        condition(READY, !invalid, reason, message, generation, previous, now),
        condition(STALLED, invalid, reason, message, generation, previous, now));
  }
}
