package dev.pyrometer.operator.status;

import dev.pyrometer.contract.ExitReason;

/**
 * Every reason a session or target can be in its phase: the CamelCase {@code status.reason}, and
 * the reason of the Kubernetes Event that records the transition. Failure reasons carry the hint
 * a user needs to fix them.
 */
public enum Reason {
  // progress
  ContainerRequested(false, "the profiler container was added to the pod"),
  ProfilerRunning(false, "the profiler runs in the pod"),
  // success (copied from the agent's exit reason)
  Completed(false, "sampled for the whole duration"),
  Interrupted(false, "the profiler was stopped early; what it sampled was kept"),
  TargetsExited(false, "the target processes exited before the duration ended"),
  // failures
  InvalidSpec(true, "fix the spec and create a new ProfileSession"),
  CompareToNotFound(true, "spec.compareTo names no ProfileSession in this namespace"),
  CompareToNotSucceeded(true, "spec.compareTo must name a session that has Succeeded"),
  CompareToModeMismatch(true, "spec.compareTo must name a session of the same mode"),
  TargetNotFound(true, "check the pod name or selector: sessions only see their own namespace"),
  TargetNotRunning(true, "profile a pod whose target container is running"),
  ContainerRequired(true, "the pod has several containers: set spec.target.container"),
  EphemeralContainerLimit(
      true,
      "ephemeral containers cannot be removed: restart the pod (e.g. kubectl rollout restart), or"
          + " raise the operator's ephemeral-container limit"),
  PodSecurityRejected(
      true,
      "the namespace's Pod Security level (or an admission webhook) refuses the profiler: label"
          + " the namespace pod-security.kubernetes.io/enforce=privileged, or exempt the"
          + " operator"),
  Forbidden(true, "the operator (or the profiler) lacks a permission; see the message"),
  EphemeralContainerRejected(true, "the API server refused the profiler container; see the message"),
  StartTimeout(true, "the profiler container did not start in time: check the image and the node"),
  ImagePullFailed(true, "the node cannot pull the profiler image: check its name, the registry and imagePullSecrets"),
  ContainerConfigError(true, "the kubelet refuses the profiler container's configuration; see the message"),
  ContainerStartFailed(true, "the container runtime could not start the profiler; see the message"),
  DeadlineExceeded(true, "the profiler did not finish in time: check its logs in the pod"),
  PodDeleted(true, "the target pod went away during the session"),
  ProcessNotFound(true, "no Python process matched: check spec.target.processMatch"),
  NotPython(true, "the matched process runs no CPython interpreter"),
  UnsupportedPythonVersion(true, "this Python version or build is not supported by the profiler"),
  NoSamples(true, "no stack could be sampled: the process may have been idle or exited"),
  UploadFailed(true, "the artifacts did not reach storage: check the storage settings"),
  ArtifactMismatch(
      true,
      "an object in storage is not what the profiler uploaded: it was changed or replaced after"
          + " the upload; do not trust it"),
  InvalidArguments(true, "the operator and the profiler image disagree: use the image of this release"),
  AgentFailed(true, "the profiler failed; its logs in the pod say why");

  private final boolean failure;
  private final String hint;

  Reason(boolean failure, String hint) {
    this.failure = failure;
    this.hint = hint;
  }

  /** True for the reasons of a Failed phase. */
  public boolean isFailure() {
    return failure;
  }

  /** What the reason means, or what to do about it. */
  public String hint() {
    return hint;
  }

  /** The reason that goes with how the agent says it stopped. */
  public static Reason of(ExitReason exitReason) {
    return switch (exitReason) {
      case COMPLETED -> Completed;
      case INTERRUPTED -> Interrupted;
      case TARGETS_EXITED -> TargetsExited;
      case INTERNAL_ERROR -> AgentFailed;
      case INVALID_ARGUMENTS -> InvalidArguments;
      case PROCESS_NOT_FOUND -> ProcessNotFound;
      case NOT_PYTHON -> NotPython;
      case PERMISSION_DENIED -> Forbidden;
      case UNSUPPORTED_PYTHON_VERSION -> UnsupportedPythonVersion;
      case NO_SAMPLES -> NoSamples;
      case UPLOAD_FAILED -> UploadFailed;
      case UNREADABLE_CORE -> AgentFailed;
    };
  }
}
