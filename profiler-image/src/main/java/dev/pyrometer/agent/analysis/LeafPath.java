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
  private List<PathFrame> frames;
  private List<PathFrame> python;
  private final String syscall;
  private final long weight;
  private final Map<ThreadRef, Long> threads;
  private FunctionTree.Node leaf;

  private LeafPath(List<PathFrame> frames, long weight, Map<ThreadRef, Long> threads) {
    this.frames = frames;
    this.weight = weight;
    this.threads = threads;
    this.python = pythonOf(frames);
    String sys = null;
    for (PathFrame f : frames) {
      if (f.frame().key().kind() == FrameKind.SYSCALL) {
        sys = f.frame().key().name();
      }
    }
    this.syscall = sys;
  }

  /** The path to a node of the tree, ending in that node's own samples. */
  static LeafPath of(FunctionTree.Node leaf) {
    LeafPath path = new LeafPath(framesOf(FunctionTree.chain(leaf)), leaf.self, Map.copyOf(leaf.selfByThread()));
    path.leaf = leaf;
    return path;
  }

  /**
   * The frames of a root-first chain of nodes: each caller at the line it calls the next from, the
   * last at its hottest own line (or, when it has no samples of its own, where it calls its
   * heaviest child).
   */
  static List<PathFrame> framesOf(List<FunctionTree.Node> nodes) {
    List<PathFrame> frames = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      FunctionTree.Node node = nodes.get(i);
      int line = 0;
      if (node.frame.isPython()) {
        line = i + 1 < nodes.size() ? nodes.get(i + 1).callerLine : ownLine(node);
      }
      frames.add(new PathFrame(node.frame, line, node.total, node.pid));
    }
    return List.copyOf(frames);
  }

  private static int ownLine(FunctionTree.Node node) {
    if (node.self > 0 || node.children().isEmpty()) {
      return node.topSelfLine();
    }
    FunctionTree.Node heaviest = null;
    for (FunctionTree.Node child : node.children()) {
      if (heaviest == null || child.total > heaviest.total) {
        heaviest = child;
      }
    }
    return heaviest.callerLine;
  }

  /** The tree node the path ends in (null for paths built from frames). */
  FunctionTree.Node leaf() {
    return leaf;
  }

  /** Builds a path from frames directly (tests and merged views). */
  static LeafPath of(List<PathFrame> frames, long weight, Map<ThreadRef, Long> threads) {
    return new LeafPath(List.copyOf(frames), weight, Map.copyOf(threads));
  }

  /** All frames, root first, including system calls and markers. */
  List<PathFrame> frames() {
    if (frames == null) {
      frames = framesOf(FunctionTree.chain(leaf));
      python = pythonOf(frames);
    }
    return frames;
  }

  /** The Python frames only, root first. */
  List<PathFrame> python() {
    frames();
    return python;
  }

  /**
   * Drops the frame lists once the path is classified; they are rebuilt from the tree if asked for
   * again. Keeps the analysis of a large profile within the agent's small heap: only the paths a
   * report shows ever need their frames twice.
   */
  void compact() {
    if (leaf != null) {
      frames = null;
      python = null;
    }
  }

  private static List<PathFrame> pythonOf(List<PathFrame> frames) {
    return frames.stream().filter(f -> f.frame().isPython()).toList();
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
    return python().isEmpty() ? null : python().get(python().size() - 1);
  }

  /**
   * Index in {@link #python()} of the deepest application frame, preferring one with a real file
   * over generated code ({@code <string>}); -1 when the path has no application frame.
   */
  int deepestAppIndex() {
    int generated = -1;
    for (int i = python().size() - 1; i >= 0; i--) {
      CodeFrame f = python().get(i).frame();
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
    return python().isEmpty() || !python().get(0).frame().is("threading", "_bootstrap");
  }

  /**
   * Index in {@link #python()} of the thread's entry function: the thread target after
   * threading's bootstrap frames, or the first module-level frame after runpy's for the main
   * thread; -1 when there is none.
   */
  int entryIndex() {
    for (int i = 0; i < python().size(); i++) {
      CodeFrame f = python().get(i).frame();
      boolean bootstrap =
          f.is("threading", "_bootstrap", "_bootstrap_inner")
              || (f.is("threading", "run") && i + 1 < python().size())
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
    for (int i = python().size() - 1; i >= 0; i--) {
      if (python().get(i).frame().is(module, simpleNames)) {
        return i;
      }
    }
    return -1;
  }

  /** True when a Python frame of the path belongs to the module. */
  boolean inModule(String module) {
    for (PathFrame f : python()) {
      if (f.frame().inModule(module)) {
        return true;
      }
    }
    return false;
  }
}
