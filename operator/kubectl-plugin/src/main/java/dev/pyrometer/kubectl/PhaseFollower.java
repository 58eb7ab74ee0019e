package dev.pyrometer.kubectl;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a session until it is Succeeded or Failed, one line per phase change. It polls the API
 * server (a get per interval): simpler than a watch, and survives a dropped connection.
 */
public final class PhaseFollower {
  private final Sessions sessions;
  private final PrintWriter out;
  private final Duration interval;

  public PhaseFollower(Sessions sessions, PrintWriter out, Duration interval) {
    this.sessions = sessions;
    this.out = out;
    this.interval = interval;
  }

  /** The terminal session; past {@code timeout}, exit 5 with how to keep following it. */
  public SessionView follow(String namespace, String name, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String shown = null;
    while (true) {
      SessionView session = SessionView.of(sessions.get(name));
      // no status yet: the operator has not seen the session (shown as Pending, as kubectl's printer column would)
      String phase = session.phase();
      if (!phase.equals(shown)) {
        String message = phase.isEmpty() ? "waiting for the operator" : session.message();
        out.printf("%s%s%n", phase.isEmpty() ? "Pending" : phase, message.isEmpty() ? "" : ": " + message);
        out.flush();
        shown = phase;
      }
      if (session.terminal()) {
        return session;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new PluginException(ExitCode.TIMEOUT, "profilesession " + namespace + "/" + name + " is still " + (phase.isEmpty() ? "Pending" : phase) + " after "
            + Durations.format(timeout) + "; it keeps running: " + followHint(namespace, name));
      }
      Thread.sleep(interval.toMillis());
    }
  }

  /** How to pick a session up again from another shell. */
  public static String followHint(String namespace, String name) {
    return "kubectl pyrometer get " + name + " -n " + namespace + ", then kubectl pyrometer open " + name + " -n " + namespace;
  }
}
