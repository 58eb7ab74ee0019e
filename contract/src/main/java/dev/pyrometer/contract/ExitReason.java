package dev.pyrometer.contract;

/**
 * Why the agent stopped, with the process exit code it uses and the CamelCase reason the operator
 * copies into a ProfileSession's status. The exit codes are documented in README.md; keep both in
 * step.
 */
public enum ExitReason {
  /** Sampled for the whole duration. */
  COMPLETED(0, "Completed"),
  /** Stopped early by SIGINT/SIGTERM; everything sampled so far was written. */
  INTERRUPTED(0, "Interrupted"),
  /** Every target exited before the duration ended; what was sampled was written. */
  TARGETS_EXITED(0, "TargetsExited"),
  /** A bug in the agent; the message says what failed. */
  INTERNAL_ERROR(1, "AgentFailed"),
  /** The command line was wrong (unknown option, bad duration, bad regex...). */
  INVALID_ARGUMENTS(2, "InvalidArguments"),
  /** No such process, or no visible Python process matched. */
  PROCESS_NOT_FOUND(3, "ProcessNotFound"),
  /** The process exists but no CPython interpreter was found in it. */
  NOT_PYTHON(4, "NotPython"),
  /** The agent may not read the target's memory (needs CAP_SYS_PTRACE or the same user). */
  PERMISSION_DENIED(5, "Forbidden"),
  /** A CPython version or build the agent does not support (alpha, free-threaded, too old). */
  UNSUPPORTED_PYTHON_VERSION(6, "UnsupportedPythonVersion"),
  /** Sampling ran but no sample could be taken. */
  NO_SAMPLES(7, "NoSamples"),
  /** The artifacts were written but could not be uploaded. */
  UPLOAD_FAILED(8, "UploadFailed"),
  /** A core file that cannot be read (not ELF, not a core, truncated). */
  UNREADABLE_CORE(9, "UnreadableCore");

  private final int exitCode;
  private final String reason;

  ExitReason(int exitCode, String reason) {
    this.exitCode = exitCode;
    this.reason = reason;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The CamelCase reason used in Kubernetes status fields and events. */
  public String reason() {
    return reason;
  }

  public boolean isSuccess() {
    return exitCode == 0;
  }
}
