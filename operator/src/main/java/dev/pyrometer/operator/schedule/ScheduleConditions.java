package dev.pyrometer.operator.schedule;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  private static Condition condition(
      String type, boolean value, String reason, String message, long generation, List<Condition> previous, String now) {
    String status = value ? "True" : "False";
    // lastTransitionTime changes only when the status does
    String since =
        Optional.ofNullable(previous).orElse(List.of()).stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now);
    return new ConditionBuilder()
        .withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(since).build();
  }
}
