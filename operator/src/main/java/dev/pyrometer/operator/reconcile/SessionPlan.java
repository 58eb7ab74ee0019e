package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Processes;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;

/**
 * A session's spec with every default applied and every value checked: what the rest of the
 * operator works from.
 *
 * @param podName the one target pod, or null with a selector
 * @param podSelector the selector, or null with a pod name
 * @param maxPods how many pods a selector may pick
 * @param container the target container, or null to take the pod's only one
 * @param processMatch regex on the command line, or null for every Python process
 * @param processes of the candidates, the ones that matter (auto) or all
 * @param compareTo the session (same namespace) this one is compared with, or null
 */
public record SessionPlan(
    String podName,
    LabelSelector podSelector,
    int maxPods,
    String container,
    String processMatch,
    Processes processes,
    Mode mode,
    Duration duration,
    int rate,
    boolean privileged,
    String image,
    String bucket,
    String prefix,
    Duration startTimeout,
    String compareTo) {

  /** A plan compared with nothing. */
  public SessionPlan(String podName, LabelSelector podSelector, int maxPods, String container, String processMatch,
      Processes processes, Mode mode, Duration duration, int rate, boolean privileged, String image, String bucket,
      String prefix, Duration startTimeout) {
    this(podName, podSelector, maxPods, container, processMatch, processes, mode, duration, rate, privileged, image,
        bucket, prefix, startTimeout, null);
  }

  /** A plan that lets the agent choose the processes ({@link Processes#AUTO}). */
  public SessionPlan(String podName, LabelSelector podSelector, int maxPods, String container, String processMatch,
      Mode mode, Duration duration, int rate, boolean privileged, String image, String bucket, String prefix,
      Duration startTimeout) {
    this(podName, podSelector, maxPods, container, processMatch, Processes.AUTO, mode, duration, rate, privileged,
        image, bucket, prefix, startTimeout);
  }
}
