package dev.pyrometer.agent.analysis;

/**
 * What a report's notes say about the classified paths as a whole (an event loop waited, the GIL
 * was inferred, code ran, gevent's hub waited), gathered one path at a time so no path is kept.
 */
final class PathFacts {
  private boolean eventLoopWaits;
  private boolean gil;
  private boolean running;
  private final GeventNote gevent = new GeventNote();

  void add(ClassifiedPath p) {
    eventLoopWaits |= p.kind().equals(BlockingCause.IDLE_EVENT_LOOP.kind())
        && (p.blocking() == null || !p.blocking().rule().startsWith("gevent-"));
    gil |= p.blocking() != null && p.blocking().cause() == BlockingCause.GIL;
    running |= p.blocking() == null;
    gevent.add(p);
  }

  /** A path waited in an asyncio (not gevent) event loop. */
  boolean eventLoopWaits() {
    return eventLoopWaits;
  }

  /** A path was classified as waiting for the GIL. */
  boolean gil() {
    return gil;
  }

  /** A path had no blocking cause: it counts as running code. */
  boolean running() {
    return running;
  }

  /** The gevent note, or null when no path waited in gevent's machinery. */
  String geventNote() {
    return gevent.text();
  }
}
