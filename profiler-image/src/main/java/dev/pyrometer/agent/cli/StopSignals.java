package dev.pyrometer.agent.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a call instead of JVM shutdown, so that a recording stopped by
 * Ctrl-C or by Kubernetes still writes its artifacts and summary and exits with its own code.
 */
final class StopSignals {
  private StopSignals() {}

  static void onStop(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> action.run());
      } catch (IllegalArgumentException e) {
        // the signal is reserved by the JVM here (e.g. -Xrs): default handling stays
      }
    }
  }
}
