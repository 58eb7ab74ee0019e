package dev.pyrometer.kubectl;

/** The plugin's exit codes, as the README and {@code kubectl pyrometer --help} list them. */
public final class ExitCode {
  public static final int OK = 0;
  /** A bug: the one line names the exception. */
  public static final int INTERNAL = 1;
  /** Invalid arguments (picocli's usage errors too). */
  public static final int USAGE = 2;
  /** No such pod, workload, container or session. */
  public static final int NOT_FOUND = 3;
  /** The session reached Failed: its reason and message are printed. */
  public static final int SESSION_FAILED = 4;
  /** The session did not finish within --timeout. */
  public static final int TIMEOUT = 5;
  /** The Kubernetes API server is unreachable or refused the request. */
  public static final int KUBERNETES = 6;
  /** The console is unreachable (or answered with something other than its API). */
  public static final int CONSOLE_UNREACHABLE = 7;
  /** The console refused the credentials: 401 (token missing, invalid, expired) or 403. */
  public static final int CONSOLE_REFUSED = 8;
  /** An artifact could not be downloaded or written, or its SHA-256 differs from the status. */
  public static final int DOWNLOAD = 9;
  /** Ctrl-C while waiting: the session keeps running. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}

  /** The help footer: every code with its meaning. */
  public static final String HELP =
      """
      Exit codes:
        0  success
        1  internal error
        2  invalid arguments
        3  no such pod, workload, container or session
        4  the session failed (its reason is printed)
        5  timed out waiting for the session (it keeps running)
        6  the Kubernetes API server is unreachable or refused the request
        7  the console is unreachable
        8  the console refused the credentials (401/403)
        9  an artifact could not be downloaded, written or verified
        130 interrupted (Ctrl-C); the session keeps running
      """;
}
