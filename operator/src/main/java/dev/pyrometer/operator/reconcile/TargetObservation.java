package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.TargetStatus;
import java.time.Instant;
import java.util.List;

/**
 * One target's new status, the artifacts it produced (only once it succeeded), and the next
 * deadline that would change it if nothing else happens first.
 *
 * @param target the target's status
 * @param artifacts checked in storage
 * @param nextDeadline when to look again (start timeout, finish deadline); null when none is due
 */
public record TargetObservation(TargetStatus target, List<ArtifactStatus> artifacts, Instant nextDeadline) {
  public TargetObservation(TargetStatus target, List<ArtifactStatus> artifacts) {
    this(target, artifacts, null);
  }

  public static TargetObservation of(TargetStatus target) {
    return new TargetObservation(target, List.of(), null);
  }

  static TargetObservation until(TargetStatus target, Instant deadline) {
    return new TargetObservation(target, List.of(), deadline);
  }

  /**
   * A failure read from the pod's state rather than from the profiler's own summary: when the pod
   * came from a cache, it must be confirmed on the pod as the API server has it now.
   */
  boolean failedOnPodState() {
    return target.phase() == dev.pyrometer.operator.api.Phase.FAILED && target.exitCode() == null;
  }
}
