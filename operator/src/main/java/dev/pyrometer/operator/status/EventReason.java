package dev.pyrometer.operator.status;

/**
 * Reasons of the Normal events recorded on a session. Warning events use the failure's {@link
 * Reason}, so that {@code kubectl describe} shows e.g. {@code Warning PodSecurityRejected}.
 */
public enum EventReason {
  /** The profiler container was added to a target pod. */
  EphemeralContainerAdded,
  /** The profiler container started in a target pod. */
  ProfilerStarted,
  /** The profiler finished in one of several target pods. */
  ProfilerFinished,
  /** The session ended with its artifacts in storage. */
  Succeeded,
  /** The storage could not be reached; the operator retries. */
  StorageUnavailable
}
