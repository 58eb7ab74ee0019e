package dev.pyrometer.agent.analysis;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a gevent process's report must say: its hub waiting is idle, and greenlets that wait are
 * not visible. A waiting greenlet has switched to the hub, so no thread's frame chain reaches it;
 * its saved frames hang off greenlet's C++ object ({@code PyGreenlet.pimpl}, greenlet 2.x), whose
 * layout greenlet does not publish for tools outside the process (no debug offsets, no symbols in
 * Debian's build), so Pyrometer does not guess at it.
 */
final class GeventNote {
  private final Map<String, Long> hubWaits = new TreeMap<>();
  private boolean gevent;

  /** Counts one classified path (none is kept). */
  void add(ClassifiedPath p) {
    if (p.blocking() == null || !p.blocking().rule().startsWith("gevent-")) {
      return;
    }
    gevent = true;
    if (p.blocking().rule().equals("gevent-hub-idle")) {
      hubWaits.merge(p.path().syscall() == null ? "a system call not read (wall mode)" : p.path().syscall(), p.path().weight(), Long::sum);
    }
  }

  /** The note, or null when no path waits in gevent's machinery. */
  String text() {
    if (!gevent) {
      return null;
    }
    String hub = hubWaits.isEmpty() ? "The hub was not seen waiting."
        : "The hub waited in " + hubWaits.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " (" + e.getValue() + " samples)").collect(Collectors.joining(", ")) + ".";
    return "gevent: greenlets that wait (on a socket, a timer, a lock) are not visible: a waiting greenlet has switched"
        + " to the hub, so it is on no thread's stack, and its saved frames are kept in greenlet's C++ objects, whose"
        + " layout is not published for tools outside the process. " + hub + " The hub waiting for events is idle, not"
        + " a lock to fix; gevent's own thread pool waiting for tasks is idle too.";
  }
}
