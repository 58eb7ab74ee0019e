package dev.pyrometer.kubectl;

import java.io.PrintWriter;

/**
 * While a command waits on a session, Ctrl-C (SIGINT, SIGTERM) ends the plugin but not the
 * session: this says so, and how to follow it, on the way out. Closing it removes the note.
 */
final class CtrlCNote implements AutoCloseable {
  private final Thread hook;

  private CtrlCNote(Thread hook) {
    this.hook = hook;
  }

  static CtrlCNote install(PrintWriter err, String note) {
    Thread hook = new Thread(() -> {
      err.printf("%ninterrupted: %s%n", note);
      err.flush();
    }, "ctrl-c-note");
    Runtime.getRuntime().addShutdownHook(hook);
    return new CtrlCNote(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs, as it should
    }
  }
}
