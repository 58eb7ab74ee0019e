package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's stacks over all threads and processes, with a function's own lines merged: a loop
 * that samples at lines 10, 11 and 12 of one function is one node, so the weight of a code path is
 * not split by where inside a function each sample landed. Call sites stay apart: a child is keyed
 * by the function and the line its caller called it from, so two calls of {@code requests.get} at
 * lines 5 and 9 remain two paths. A leaf keeps a count per line to name its hottest one.
 */
final class FunctionTree implements StackConsumer {
  private final Node root = new Node(null, null);

  @Override
  public void accept(ThreadRef thread, List<FrameKey> frames, long weight) {
    Node node = root;
    node.total += weight;
    int callerLine = 0;
    for (FrameKey frame : frames) {
      FrameKey merged =
          frame.kind() == FrameKind.PYTHON ? FrameKey.python(frame.name(), frame.file(), 0) : frame;
      ChildKey key = new ChildKey(merged, callerLine);
      Node child = node.children.get(key);
      if (child == null) {
        child = new Node(CodeClassifier.classify(merged), node);
        child.pid = thread.pid();
        node.children.put(key, child);
      }
      child.total += weight;
      if (node != root && node.frame.isPython()) {
        child.callerLines.add(callerLine, weight);
      }
      callerLine = frame.line();
      node = child;
    }
    node.self += weight;
    node.selfLines.add(callerLine, weight);
    node.selfByThread.merge(thread, weight, Long::sum);
  }

  long total() {
    return root.total;
  }

  Node root() {
    return root;
  }

  /** Every root-to-node path that ends where samples ended (a node with self weight). */
  List<LeafPath> leafPaths() {
    List<LeafPath> out = new ArrayList<>();
    collect(root, new ArrayList<>(), out);
    return out;
  }

  private static void collect(Node node, List<Node> path, List<LeafPath> out) {
    if (node != null && node.frame != null) {
      path.add(node);
      if (node.self > 0) {
        out.add(LeafPath.of(List.copyOf(path)));
      }
    }
    for (Node child : node.children.values()) {
      collect(child, path, out);
    }
    if (node.frame != null) {
      path.remove(path.size() - 1);
    }
  }

  /** A callee and the line of its caller that called it. */
  private record ChildKey(FrameKey frame, int callerLine) {}

  /** One function in the context of its callers and their call sites. */
  static final class Node {
    final CodeFrame frame;
    final Node parent;
    final Map<ChildKey, Node> children = new LinkedHashMap<>(4);
    /** The parent's line while it called this node (one line, as it is part of the node's key). */
    final LineCounts callerLines = new LineCounts();
    /** This node's own line in the samples that ended here. */
    final LineCounts selfLines = new LineCounts();
    final Map<ThreadRef, Long> selfByThread = new LinkedHashMap<>(2);
    long total;
    long self;
    /** A process the frame was seen in, to read its source through /proc/PID/root. */
    int pid;

    Node(CodeFrame frame, Node parent) {
      this.frame = frame;
      this.parent = parent;
    }

    Collection<Node> children() {
      return children.values();
    }
  }
}
