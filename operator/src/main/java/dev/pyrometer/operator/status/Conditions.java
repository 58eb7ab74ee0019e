package dev.pyrometer.operator.status;

import dev.pyrometer.operator.api.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The three conditions health checks read, always set together from the phase so they never
 * disagree: {@code Ready} (True once Succeeded), and kstatus's abnormal-true {@code Reconciling}
 * (while Pending or Profiling) and {@code Stalled} (once Failed), which Flux's health checks use.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private Conditions() {}

  /**
   * @param previous the conditions so far: a condition whose status does not change keeps its
   *     lastTransitionTime
   * @param now RFC 3339
   */
  public static List<Condition> of(
      Phase phase, String reason, String message, long generation, List<Condition> previous,
      String now) {
    List<Condition> out = new ArrayList<>();
    out.add(condition(READY, phase == Phase.SUCCEEDED, reason, message, generation, previous, now));
    out.add(condition(RECONCILING, !phase.isTerminal(), reason, message, generation, previous, now));
    out.add(condition(STALLED, phase == Phase.FAILED, reason, message, generation, previous, now));
    return out;
  }

  /** One condition; its lastTransitionTime moves only when its status does (also for schedules). */
  public static Condition condition(
      String type, boolean value, String reason, String message, long generation,
      List<Condition> previous, String now) {
    String status = value ? "True" : "False";
    String since =
        Optional.ofNullable(previous).orElse(List.of()).stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now);
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return Optional.ofNullable(conditions).orElse(List.of()).stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }
}
