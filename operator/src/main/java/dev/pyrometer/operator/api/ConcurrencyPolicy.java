package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a schedule does when a run is due while the previous session is still active. There is
 * no Allow: two profilers on the same pod at once cost two permanent ephemeral containers and
 * sample each other's overhead.
 */
public enum ConcurrencyPolicy {
  /** Skip the run; it starts late if the active session ends within startingDeadlineSeconds. */
  @JsonProperty("Forbid")
  FORBID,
  /**
   * Delete the active session and start the new one. A profiler already running in a pod is not
   * stopped (it ends at its own deadline); only its session is replaced.
   */
  @JsonProperty("Replace")
  REPLACE
}
