package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's stacks merged per function rather than per line, over all threads and processes:
 * a loop that samples at lines 10, 11 and 12 of one function is one node, so the weight of a code
 * path is not split by where inside a function each sample landed. Each node keeps which of its
 * lines were seen, so paths can still name a line: the call site for a caller, the hottest line for
 * a leaf.
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
      Node child = node.children.get(merged);
      if (child == null) {
        child = new Node(CodeClassifier.classify(merged), node);
        child.pid = thread.pid();
        node.children.put(merged, child);
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

  /** One function in the context of its callers. */
  static final class Node {
    final CodeFrame frame;
    final Node parent;
    final Map<FrameKey, Node> children = new LinkedHashMap<>(4);
    /** The parent's line while it called this node. */
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
