package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a blocking rule reads: one code path's system call, its Python frames and, when the file can
 * be read, the source line its deepest Python frame stopped at. Every question a rule asks is a
 * method here, so the rule table reads like a list of sentences.
 */
final class BlockedStack {
  /** Modules whose frames sit between a worker loop and the system call while the worker waits. */
  private static final Set<String> WAITING_MODULES =
      Set.of("queue", "threading", "selectors", "multiprocessing", "concurrent.futures", "socket", "asyncio");

  private final LeafPath path;
  private final SourceLines sources;
  private String sourceLine;
  private boolean sourceRead;

  BlockedStack(LeafPath path, SourceLines sources) {
    this.path = path;
    this.sources = sources;
  }

  LeafPath path() {
    return path;
  }

  /** The system call, or null when the sampler recorded none (on CPU, or wall mode without one). */
  String syscall() {
    return path.syscall();
  }

  boolean syscallIn(String... names) {
    String sys = path.syscall();
    if (sys == null) {
      return false;
    }
    for (String name : names) {
      if (name.equals(sys)) {
        return true;
      }
    }
    return false;
  }

  /** The system call is one of these, or unknown (a wall-clock sample without one). */
  boolean syscallInOrUnknown(String... names) {
    return path.syscall() == null || syscallIn(names);
  }

  /** The path ends in a marker (not a Python frame or system call) whose text starts so. */
  boolean leafIsMarker(String prefix) {
    List<PathFrame> frames = path.frames();
    FrameKey leaf = frames.get(frames.size() - 1).frame().key();
    return leaf.kind() == FrameKind.MARKER && leaf.name().startsWith(prefix);
  }

  boolean has(String module, String... names) {
    return path.has(module, names);
  }

  boolean inModule(String module) {
    return path.inModule(module);
  }

  /** Some Python frame belongs to one of the modules. */
  boolean inAnyModule(List<String> modules) {
    for (String module : modules) {
      if (path.inModule(module)) {
        return true;
      }
    }
    return false;
  }

  /** The deepest Python frame is this function. */
  boolean deepestIs(String module, String... names) {
    PathFrame deepest = path.deepestPython();
    return deepest != null && deepest.frame().is(module, names);
  }

  boolean deepestInModule(String module) {
    PathFrame deepest = path.deepestPython();
    return deepest != null && deepest.frame().inModule(module);
  }

  boolean deepestIsApp() {
    PathFrame deepest = path.deepestPython();
    return deepest != null && deepest.frame().isApp();
  }

  /**
   * The path reaches this loop function and, below it, only the plumbing of queues, locks and
   * selectors: the loop waits for its next item rather than running one.
   */
  boolean waitsInLoop(String module, String... loopNames) {
    int loop = path.indexOf(module, loopNames);
    if (loop < 0) {
      return false;
    }
    List<PathFrame> python = path.python();
    for (int i = loop + 1; i < python.size(); i++) {
      if (!inWaitingModule(python.get(i).frame())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The function is called directly by the thread's entry function of a thread other than the
   * main one: the thread's own top-level loop waits there.
   */
  boolean calledFromThreadEntry(String module, String... names) {
    if (path.isMainThread()) {
      return false;
    }
    int at = path.indexOf(module, names);
    return at > 0 && at - 1 == path.entryIndex();
  }

  /** The loop function is on the path and no application frame is below it: the loop is between items. */
  boolean loopRunsNoAppCode(String module, String... loopNames) {
    int loop = path.indexOf(module, loopNames);
    if (loop < 0) {
      return false;
    }
    List<PathFrame> python = path.python();
    for (int i = loop + 1; i < python.size(); i++) {
      if (python.get(i).frame().isApp()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The deepest application frame is module-level code ({@code <module>}) of the main thread and
   * only waiting plumbing is below it: a script that started its threads and now parks.
   */
  boolean parkedAtModuleLevel() {
    int app = path.deepestAppIndex();
    if (!path.isMainThread() || app < 0 || !path.python().get(app).frame().function().equals("<module>")) {
      return false;
    }
    List<PathFrame> python = path.python();
    for (int i = app + 1; i < python.size(); i++) {
      if (!inWaitingModule(python.get(i).frame())) {
        return false;
      }
    }
    return true;
  }

  /** The deepest Python frame is the entry function of a thread other than the main one. */
  boolean waitsInThreadEntry() {
    return !path.isMainThread() && path.entryIndex() >= 0 && path.entryIndex() == path.python().size() - 1;
  }

  /** The source line of the deepest Python frame matches; false when it cannot be read. */
  boolean sourceMatches(Pattern pattern) {
    String line = sourceLine();
    return line != null && pattern.matcher(line).find();
  }

  /** The source line of the deepest Python frame could be read. */
  boolean sourceKnown() {
    return sourceLine() != null;
  }

  String sourceLine() {
    if (!sourceRead) {
      sourceRead = true;
      PathFrame deepest = path.deepestPython();
      if (deepest != null) {
        sourceLine = sources.line(deepest.pid(), deepest.frame().file(), deepest.line());
      }
    }
    return sourceLine;
  }

  private static boolean inWaitingModule(CodeFrame frame) {
    for (String module : WAITING_MODULES) {
      if (frame.inModule(module) && frame.category() == CodeCategory.STDLIB) {
        return true;
      }
    }
    return false;
  }
}
