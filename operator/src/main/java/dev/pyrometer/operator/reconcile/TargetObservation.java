package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.TargetStatus;
import java.util.List;

/**
 * One target's new status, and the artifacts it produced (only once it succeeded).
 *
 * @param target the target's status
 * @param artifacts checked to exist in storage
 */
public record TargetObservation(TargetStatus target, List<ArtifactStatus> artifacts) {
  public static TargetObservation of(TargetStatus target) {
    return new TargetObservation(target, List.of());
  }
}
