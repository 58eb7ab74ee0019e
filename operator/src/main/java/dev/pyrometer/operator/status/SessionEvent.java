package dev.pyrometer.operator.status;

/**
 * One Kubernetes Event to record on a session.
 *
 * @param warning Warning rather than Normal
 * @param reason CamelCase, from {@link EventReason} or {@link Reason}
 * @param message a sentence
 */
public record SessionEvent(boolean warning, String reason, String message) {
  public static SessionEvent normal(EventReason reason, String message) {
    return new SessionEvent(false, reason.name(), message);
  }

  public static SessionEvent warning(String reason, String message) {
    return new SessionEvent(true, reason, message);
  }
}
