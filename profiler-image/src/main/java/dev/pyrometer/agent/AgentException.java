package dev.pyrometer.agent;

import dev.pyrometer.contract.ExitReason;

/**
 * A failure the user can act on: carries the exit reason (and so the exit code) and a one-line
 * message that names the fix where there is one. The CLI prints the message, never a stack trace.
 */
public class AgentException extends RuntimeException {
  private final ExitReason reason;

  public AgentException(ExitReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public AgentException(ExitReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public ExitReason reason() {
    return reason;
  }

  public static AgentException invalidArguments(String message) {
    return new AgentException(ExitReason.INVALID_ARGUMENTS, message);
  }

  public static AgentException processNotFound(String message) {
    return new AgentException(ExitReason.PROCESS_NOT_FOUND, message);
  }

  public static AgentException notPython(String message) {
    return new AgentException(ExitReason.NOT_PYTHON, message);
  }

  public static AgentException unsupportedVersion(String message) {
    return new AgentException(ExitReason.UNSUPPORTED_PYTHON_VERSION, message);
  }

  /** The message every permission failure carries: what the agent needs and how to grant it. */
  public static AgentException permissionDenied(int pid) {
    return new AgentException(ExitReason.PERMISSION_DENIED,
        "permission denied reading the memory of process " + pid
            + ": run pyrometer as the same user as the target or with CAP_SYS_PTRACE"
            + " (in Kubernetes: the profiler container needs SYS_PTRACE, see README)");
  }
}
