package dev.pyrometer.agent.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregated stacks: a tree of interned frames, root first, each node with the weight of the
 * samples that passed through it ({@code total}) and ended in it ({@code self}). Memory grows with
 * the number of distinct stacks, not with the duration, and is capped at {@code maxNodes}: a sample
 * that would need a node past the cap is folded into an {@link #OTHER} frame under the deepest
 * process or thread level of its stack (so totals, and each process's and thread's share, stay
 * right) and counted in {@link #overflowWeight()}. A node costs 48 bytes, plus an array where it
 * has several children: the default cap keeps the tree near 24 MB, inside the agent's small heap
 * (it lives in the target pod's memory budget); the reports are written from this one tree
 * ({@link TreeView}), never from a copy.
 *
 * <p>Levels of kind {@link FrameKind#PROCESS} and {@link FrameKind#THREAD} are kept in the tree so
 * that reports can break samples down; {@link #without(Set)} derives the view without them.
 */
public final class CallTree {
  public static final int DEFAULT_MAX_NODES = 400_000;
  /** The frame that stands for the stacks folded away once the tree is full. */
  public static final FrameKey OTHER = FrameKey.marker("[other]");

  private final FrameTable frames;
  private final Node root = new Node(-1, null);
  private final int maxNodes;
  private int nodeCount = 1;
  private long overflowWeight;
  private int otherFrameId = -1;

  public CallTree() {
    this(new FrameTable(), DEFAULT_MAX_NODES);
  }

  public CallTree(FrameTable frames, int maxNodes) {
    this.frames = frames;
    this.maxNodes = maxNodes;
  }

  /** Adds one stack, root first, given as frames. */
  public void add(List<FrameKey> stack, long weight) {
    int[] ids = new int[stack.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = frames.intern(stack.get(i));
    }
    add(ids, ids.length, weight);
  }

  /**
   * Adds one stack, root first, given as the first {@code length} interned frame ids. Returns the
   * node its weight went to, for {@link #addAgain}.
   */
  public Node add(int[] frameIds, int length, long weight) {
    Node node = root;
    for (int i = 0; i < length; i++) {
      Node child = node.child(frameIds[i]);
      if (child == null) {
        if (nodeCount >= maxNodes) {
          return addOther(frameIds, i, weight);
        }
        child = node.addChild(frameIds[i]);
        nodeCount++;
      }
      node = child;
    }
    addAgain(node, weight);
    return node;
  }

  /** Adds weight to the stack that ends in {@code leaf}, a node {@link #add} returned. */
  public void addAgain(Node leaf, long weight) {
    leaf.self += weight;
    for (Node n = leaf; n != null; n = n.parent) {
      n.total += weight;
    }
  }

  /**
   * Folds a sample that does not fit into the {@link #OTHER} child of the deepest process or thread
   * level among its first {@code known} frames (the root when none). There are few such levels, so
   * the nodes this adds past the cap are few.
   */
  private Node addOther(int[] frameIds, int known, long weight) {
    overflowWeight += weight;
    if (otherFrameId < 0) {
      otherFrameId = frames.intern(OTHER);
    }
    Node context = root;
    Node node = root;
    for (int i = 0; i < known; i++) {
      node = node.child(frameIds[i]);
      FrameKind kind = frames.get(frameIds[i]).kind();
      if (kind == FrameKind.PROCESS || kind == FrameKind.THREAD) {
        context = node;
      }
    }
    Node other = context.child(otherFrameId);
    if (other == null) {
      other = context.addChild(otherFrameId);
      nodeCount++;
    }
    addAgain(other, weight);
    return other;
  }

  public FrameTable frames() {
    return frames;
  }

  public Node root() {
    return root;
  }

  public long total() {
    return root.total;
  }

  public int maxNodes() {
    return maxNodes;
  }

  public int nodeCount() {
    return nodeCount;
  }

  /** Weight of the samples folded into {@link #OTHER} because the tree reached its node cap (part of {@link #total()}). */
  public long overflowWeight() {
    return overflowWeight;
  }

  /**
   * Calls the visitor once per node with self weight, with the path from the root. Iterative, so
   * stacks thousands of frames deep need no deep Java stack (the agent runs with a small one).
   */
  public void forEachStack(StackVisitor visitor) {
    List<FrameKey> path = new ArrayList<>();
    walk(root, (node, depth) -> {
      while (path.size() > depth) {
        path.remove(path.size() - 1);
      }
      path.add(frames.get(node.frameId));
      if (node.self > 0) {
        visitor.stack(path, node.self);
      }
    });
  }

  /** Visits every node but the root, parents before children, with its depth (0 = top level). */
  private static void walk(Node root, NodeVisitor visitor) {
    java.util.ArrayDeque<Node> nodes = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
    for (Node child : root.children()) {
      nodes.push(child);
      depths.push(0);
    }
    while (!nodes.isEmpty()) {
      Node node = nodes.pop();
      int depth = depths.pop();
      visitor.visit(node, depth);
      for (Node child : node.children()) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }

  @FunctionalInterface
  private interface NodeVisitor {
    void visit(Node node, int depth);
  }

  /** A copy of this tree with the levels of the given kinds spliced out (their children merged). */
  public CallTree without(Set<FrameKind> hidden) {
    if (hidden.isEmpty()) {
      return this;
    }
    CallTree copy = new CallTree(frames, Integer.MAX_VALUE);
    int[][] path = {new int[64]};
    // kept frames per depth of the original tree: how many of the path's entries are in use
    List<Integer> keptAtDepth = new ArrayList<>();
    walk(root, (node, depth) -> {
      while (keptAtDepth.size() > depth) {
        keptAtDepth.remove(keptAtDepth.size() - 1);
      }
      int d = depth == 0 ? 0 : keptAtDepth.get(depth - 1);
      if (!hidden.contains(frames.get(node.frameId).kind())) {
        if (d == path[0].length) {
          path[0] = java.util.Arrays.copyOf(path[0], path[0].length * 2);
        }
        path[0][d++] = node.frameId;
      }
      keptAtDepth.add(d);
      if (node.self > 0) {
        copy.add(path[0], d, node.self);
      }
    });
    copy.overflowWeight = overflowWeight;
    return copy;
  }

  /** Convenience: the view without {@link FrameKind#THREAD} levels, and without process roots when only one process is present. */
  public CallTree displayView() {
    Set<FrameKind> hidden = EnumSet.of(FrameKind.THREAD);
    if (root.childCount() <= 1) {
      hidden.add(FrameKind.PROCESS);
    }
    return without(hidden);
  }

  /** Receives one stack and its self weight. The list is reused: copy it to keep it. */
  @FunctionalInterface
  public interface StackVisitor {
    void stack(List<FrameKey> rootFirst, long weight);
  }

  /**
   * One node: a frame in the context of its callers. Most nodes have one child (deep in a stack),
   * held without an array; a few more are kept in a small array searched linearly, and a hash
   * index is added only for wide nodes. A node is the unit of the tree's memory (hundreds of
   * thousands in a large profile), so its only child costs no 24-byte array.
   */
  public static final class Node {
    private static final int INDEX_FROM = 8;

    private final int frameId;
    private final Node parent;
    /** Null without children, the child itself while there is one, else an array (childCount used). */
    private Object children;
    private int childCount;
    private Map<Integer, Node> index;
    private long total;
    private long self;

    Node(int frameId, Node parent) {
      this.frameId = frameId;
      this.parent = parent;
    }

    Node child(int id) {
      if (index != null) {
        return index.get(id);
      }
      if (childCount == 1) {
        Node only = (Node) children;
        return only.frameId == id ? only : null;
      }
      for (int i = 0; i < childCount; i++) {
        Node c = ((Node[]) children)[i];
        if (c.frameId == id) {
          return c;
        }
      }
      return null;
    }

    Node addChild(int id) {
      Node child = new Node(id, this);
      if (childCount == 0) {
        children = child;
      } else if (childCount == 1) {
        children = new Node[] {(Node) children, child};
      } else {
        Node[] array = (Node[]) children;
        if (childCount == array.length) {
          array = java.util.Arrays.copyOf(array, childCount * 2);
          children = array;
        }
        array[childCount] = child;
      }
      childCount++;
      if (index != null) {
        index.put(id, child);
      } else if (childCount > INDEX_FROM) {
        index = new HashMap<>();
        for (int i = 0; i < childCount; i++) {
          index.put(childAt(i).frameId, childAt(i));
        }
      }
      return child;
    }

    /** Interned frame id; -1 for the root. */
    public int frameId() {
      return frameId;
    }

    public Node parent() {
      return parent;
    }

    public long total() {
      return total;
    }

    public long self() {
      return self;
    }

    public int childCount() {
      return childCount;
    }

    /** The i-th child, in the order they were added. */
    public Node childAt(int i) {
      if (i < 0 || i >= childCount) {
        throw new IndexOutOfBoundsException(i);
      }
      return childCount == 1 ? (Node) children : ((Node[]) children)[i];
    }

    public Collection<Node> children() {
      return switch (childCount) {
        case 0 -> List.of();
        case 1 -> List.of((Node) children);
        default -> java.util.Arrays.asList((Node[]) children).subList(0, childCount);
      };
    }
  }
}
