package dev.pyrometer.operator.console;

/**
 * A request the console answers with an HTTP error and a one-line reason, as the console API
 * documents: 401, 403, 404, 502 (object storage), 503 (TokenReview/SubjectAccessReview).
 */
public final class ConsoleException extends RuntimeException {
  private final int status;

  public ConsoleException(int status, String message) {
    super(message);
    this.status = status;
  }

  public ConsoleException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ConsoleException unauthenticated(String why) {
    return new ConsoleException(401, why);
  }

  public static ConsoleException forbidden(String why) {
    return new ConsoleException(403, why);
  }

  public static ConsoleException notFound(String what) {
    return new ConsoleException(404, what);
  }

  public static ConsoleException reviewUnavailable(String why, Throwable cause) {
    return new ConsoleException(503, why, cause);
  }

  public static ConsoleException storageUnavailable(String why, Throwable cause) {
    return new ConsoleException(502, why, cause);
  }
}
