package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's stacks over all threads and processes, with a function's own lines merged: a loop
 * that samples at lines 10, 11 and 12 of one function is one node, so the weight of a code path is
 * not split by where inside a function each sample landed. Call sites stay apart: a child is keyed
 * by the function and the line its caller called it from, so two calls of {@code requests.get} at
 * lines 5 and 9 remain two paths. A node where samples ended keeps a count per line to name its
 * hottest one. Walks are iterative: the agent runs with a small Java stack and Python stacks can be
 * thousands of frames deep.
 */
final class FunctionTree implements StackConsumer {
  private final Node root = new Node(null, null, 0);
  /** One classified frame per function, shared by all its nodes. */
  private final Map<FrameKey, CodeFrame> classified = new HashMap<>();

  @Override
  public void accept(ThreadRef thread, List<FrameKey> frames, long weight) {
    Node node = root;
    node.total += weight;
    int callerLine = 0;
    for (FrameKey frame : frames) {
      FrameKey merged =
          frame.kind() == FrameKind.PYTHON ? FrameKey.python(frame.name(), frame.file(), 0) : frame;
      CodeFrame code = classified.computeIfAbsent(merged, CodeClassifier::classify);
      Node child = node.child(code, callerLine);
      if (child == null) {
        child = node.addChild(new Node(code, node, callerLine));
        child.pid = thread.pid();
      }
      child.total += weight;
      callerLine = frame.line();
      node = child;
    }
    node.addSelf(callerLine, thread, weight);
  }

  long total() {
    return root.total;
  }

  Node root() {
    return root;
  }

  /** Every root-to-node path that ends where samples ended (a node with self weight), each with its frames. */
  List<LeafPath> leafPaths() {
    return leaves().stream().map(LeafPath::of).toList();
  }

  /**
   * The nodes where samples ended, heaviest first; equal weights in the order of a walk of the
   * tree. One reference per such node: the analysis builds each one's path when it gets to it.
   */
  List<Node> leavesByWeight() {
    List<Node> leaves = new ArrayList<>(leaves());
    leaves.sort(Comparator.comparingLong((Node n) -> n.self).reversed()); // stable: ties keep the walk's order
    return leaves;
  }

  /** The nodes where samples ended, in the order of a walk of the tree. */
  private List<Node> leaves() {
    List<Node> out = new ArrayList<>();
    ArrayDeque<Node> pending = new ArrayDeque<>(root.children());
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (node.self > 0) {
        out.add(node);
      }
      node.children().forEach(pending::push);
    }
    return out;
  }

  /** The nodes from the top level down to this one. */
  static List<Node> chain(Node node) {
    ArrayList<Node> chain = new ArrayList<>();
    for (Node n = node; n != null && n.frame != null; n = n.parent) {
      chain.add(n);
    }
    java.util.Collections.reverse(chain);
    return chain;
  }

  /** A callee and the line of its caller that called it. */
  private record ChildKey(CodeFrame frame, int callerLine) {
    // written out: a record's generated methods bootstrap through method handles and run slower in C1 code
    @Override
    public boolean equals(Object o) {
      return o instanceof ChildKey k && frame == k.frame && callerLine == k.callerLine; // frames are shared per function
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(frame) * 31 + callerLine;
    }
  }

  /**
   * One function in the context of its callers and their call sites. Most nodes have a handful of
   * children, kept in an array searched in order (the only child of a node, the most common case
   * deep in a stack, is held without one); a node with many gets a hash index as well. A node
   * costs 64 bytes and a large profile has hundreds of thousands: rare parts live in side objects.
   */
  static final class Node {
    private static final int INDEX_FROM = 8;

    final CodeFrame frame;
    final Node parent;
    /** The parent's line while it called this node (part of the node's identity). */
    final int callerLine;
    /** Null without children, the child itself while there is one, an array, or a {@link Wide} node's. */
    private Object children;
    private int childCount;
    /** The line of the samples that ended here while they all ended at one line (the usual case). */
    private int soleLine;
    /** Their lines once there is more than one. */
    private LineCounts selfLines;
    /**
     * The thread of the samples that ended here: a {@link ThreadRef} while there is only one (the
     * usual case; its weight is then {@link #self}), a map once there are several.
     */
    private Object selfThreads;
    long total;
    long self;
    /** A process the frame was seen in, to read its source through /proc/PID/root. */
    int pid;

    /** The children of a node with many: the array and a hash index over it. */
    private static final class Wide {
      Node[] array;
      final Map<ChildKey, Node> index = new HashMap<>();

      Wide(Node[] array, int count) {
        this.array = array;
        for (int i = 0; i < count; i++) {
          index.put(new ChildKey(array[i].frame, array[i].callerLine), array[i]);
        }
      }
    }

    Node(CodeFrame frame, Node parent, int callerLine) {
      this.frame = frame;
      this.parent = parent;
      this.callerLine = callerLine;
    }

    Node child(CodeFrame frame, int line) {
      if (children instanceof Wide wide) {
        return wide.index.get(new ChildKey(frame, line));
      }
      for (int i = 0; i < childCount; i++) {
        Node c = childAt(i);
        // frames are shared per function, so identity is equality here
        if (c.frame == frame && c.callerLine == line) {
          return c;
        }
      }
      return null;
    }

    Node addChild(Node child) {
      if (childCount == 0) {
        children = child;
      } else if (childCount == 1) {
        children = new Node[] {(Node) children, child};
      } else {
        Wide wide = children instanceof Wide w ? w : null;
        Node[] array = wide != null ? wide.array : (Node[]) children;
        if (childCount == array.length) {
          array = java.util.Arrays.copyOf(array, childCount * 2);
        }
        array[childCount] = child;
        if (wide != null) {
          wide.array = array;
          wide.index.put(new ChildKey(child.frame, child.callerLine), child);
        } else {
          children = childCount + 1 > INDEX_FROM ? new Wide(array, childCount + 1) : array;
        }
      }
      childCount++;
      return child;
    }

    @SuppressWarnings("unchecked")
    void addSelf(int line, ThreadRef thread, long weight) {
      if (self == 0) {
        soleLine = line;
      } else if (selfLines != null) {
        selfLines.add(line, weight);
      } else if (line != soleLine) {
        selfLines = new LineCounts();
        selfLines.add(soleLine, self);
        selfLines.add(line, weight);
      }
      if (selfThreads == null) {
        selfThreads = thread;
      } else if (selfThreads instanceof ThreadRef sole && !sole.equals(thread)) {
        Map<ThreadRef, Long> byThread = new LinkedHashMap<>(4);
        byThread.put(sole, self);
        byThread.put(thread, weight);
        selfThreads = byThread;
      } else if (selfThreads instanceof Map<?, ?> map) {
        ((Map<ThreadRef, Long>) map).merge(thread, weight, Long::sum);
      }
      self += weight;
    }

    private Node childAt(int i) {
      return childCount == 1 ? (Node) children : array()[i];
    }

    private Node[] array() {
      return children instanceof Wide wide ? wide.array : (Node[]) children;
    }

    List<Node> children() {
      return switch (childCount) {
        case 0 -> List.of();
        case 1 -> List.of((Node) children);
        default -> java.util.Arrays.asList(array()).subList(0, childCount);
      };
    }

    /** The hottest line of the samples that ended here, 0 when none did. */
    int topSelfLine() {
      if (selfLines != null) {
        return selfLines.top();
      }
      return self > 0 ? soleLine : 0;
    }

    @SuppressWarnings("unchecked")
    Map<ThreadRef, Long> selfByThread() {
      if (selfThreads instanceof ThreadRef sole) {
        return Map.of(sole, self);
      }
      return selfThreads == null ? Map.of() : (Map<ThreadRef, Long>) selfThreads;
    }
  }
}
