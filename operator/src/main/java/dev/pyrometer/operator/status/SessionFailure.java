package dev.pyrometer.operator.status;

/**
 * A session (or one target) cannot go on, for a reason retrying cannot fix: becomes a Failed phase
 * with this reason and message, never a retry.
 */
public class SessionFailure extends RuntimeException {
  private final Reason reason;

  public SessionFailure(Reason reason, String message) {
    super(message);
    if (!reason.isFailure()) {
      throw new IllegalArgumentException(reason + " is not a failure reason");
    }
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
