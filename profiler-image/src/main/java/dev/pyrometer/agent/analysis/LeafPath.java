package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A code path from the outermost frame to where a set of samples ended, with the weight of those
 * samples and the threads they came from. Its Python frames, in order, are what the rules read.
 */
final class LeafPath {
  private final List<PathFrame> frames;
  private final List<PathFrame> python;
  private final String syscall;
  private final long weight;
  private final Map<ThreadRef, Long> threads;

  private LeafPath(List<PathFrame> frames, long weight, Map<ThreadRef, Long> threads) {
    this.frames = frames;
    this.weight = weight;
    this.threads = threads;
    this.python = frames.stream().filter(f -> f.frame().isPython()).toList();
    String sys = null;
    for (PathFrame f : frames) {
      if (f.frame().key().kind() == FrameKind.SYSCALL) {
        sys = f.frame().key().name();
      }
    }
    this.syscall = sys;
  }

  static LeafPath of(List<FunctionTree.Node> nodes) {
    List<PathFrame> frames = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      FunctionTree.Node node = nodes.get(i);
      int line = 0;
      if (node.frame.isPython()) {
        line = i + 1 < nodes.size() ? nodes.get(i + 1).callerLines.top() : node.selfLines.top();
      }
      frames.add(new PathFrame(node.frame, line, node.total, node.pid));
    }
    FunctionTree.Node leaf = nodes.get(nodes.size() - 1);
    return new LeafPath(List.copyOf(frames), leaf.self, Map.copyOf(leaf.selfByThread));
  }

  /** Builds a path from frames directly (tests and merged views). */
  static LeafPath of(List<PathFrame> frames, long weight, Map<ThreadRef, Long> threads) {
    return new LeafPath(List.copyOf(frames), weight, Map.copyOf(threads));
  }

  /** All frames, root first, including system calls and markers. */
  List<PathFrame> frames() {
    return frames;
  }

  /** The Python frames only, root first. */
  List<PathFrame> python() {
    return python;
  }

  /** The system call the samples were blocked in, or null when they were on CPU. */
  String syscall() {
    return syscall;
  }

  long weight() {
    return weight;
  }

  Map<ThreadRef, Long> threads() {
    return threads;
  }

  PathFrame deepestPython() {
    return python.isEmpty() ? null : python.get(python.size() - 1);
  }

  /**
   * Index in {@link #python()} of the deepest application frame, preferring one with a real file
   * over generated code ({@code <string>}); -1 when the path has no application frame.
   */
  int deepestAppIndex() {
    int generated = -1;
    for (int i = python.size() - 1; i >= 0; i--) {
      CodeFrame f = python.get(i).frame();
      if (f.isApp()) {
        if (!f.file().startsWith("<")) {
          return i;
        }
        if (generated < 0) {
          generated = i;
        }
      }
    }
    return generated;
  }

  /** True unless the path starts in {@code threading.Thread._bootstrap}: the main thread's stacks start at a module. */
  boolean isMainThread() {
    return python.isEmpty() || !python.get(0).frame().is("threading", "_bootstrap");
  }

  /**
   * Index in {@link #python()} of the thread's entry function: the thread target after
   * threading's bootstrap frames, or the first module-level frame after runpy's for the main
   * thread; -1 when there is none.
   */
  int entryIndex() {
    for (int i = 0; i < python.size(); i++) {
      CodeFrame f = python.get(i).frame();
      boolean bootstrap =
          f.is("threading", "_bootstrap", "_bootstrap_inner")
              || (f.is("threading", "run") && i + 1 < python.size())
              || f.inModule("runpy");
      if (!bootstrap) {
        return i;
      }
    }
    return -1;
  }

  /** True when a Python frame of the path matches the module and one of the names. */
  boolean has(String module, String... simpleNames) {
    return indexOf(module, simpleNames) >= 0;
  }

  /** Index in {@link #python()} of the deepest frame of the module with one of the names, or -1. */
  int indexOf(String module, String... simpleNames) {
    for (int i = python.size() - 1; i >= 0; i--) {
      if (python.get(i).frame().is(module, simpleNames)) {
        return i;
      }
    }
    return -1;
  }

  /** True when a Python frame of the path belongs to the module. */
  boolean inModule(String module) {
    for (PathFrame f : python) {
      if (f.frame().inModule(module)) {
        return true;
      }
    }
    return false;
  }
}
