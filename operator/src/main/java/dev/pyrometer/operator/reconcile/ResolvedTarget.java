package dev.pyrometer.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod the session will profile, and the container in it whose processes are profiled.
 *
 * @param pod the pod as last seen
 * @param container the target container's name
 */
public record ResolvedTarget(Pod pod, String container) {
  public String podName() {
    return pod.getMetadata().getName();
  }

  public String podUid() {
    return pod.getMetadata().getUid();
  }
}
