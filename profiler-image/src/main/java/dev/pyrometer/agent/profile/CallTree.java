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
 * the number of distinct stacks, not with the duration, and is capped at {@code maxNodes}: samples
 * that would need a node past the cap are counted in {@link #overflowWeight()} instead.
 *
 * <p>Levels of kind {@link FrameKind#PROCESS} and {@link FrameKind#THREAD} are kept in the tree so
 * that reports can break samples down; {@link #without(Set)} derives the view without them.
 */
public final class CallTree {
  public static final int DEFAULT_MAX_NODES = 2_000_000;

  private final FrameTable frames;
  private final Node root = new Node(-1, null);
  private final int maxNodes;
  private int nodeCount = 1;
  private long overflowWeight;

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

  /** Adds one stack, root first, given as the first {@code length} interned frame ids. */
  public void add(int[] frameIds, int length, long weight) {
    Node node = root;
    for (int i = 0; i < length; i++) {
      Node child = node.child(frameIds[i]);
      if (child == null) {
        if (nodeCount >= maxNodes) {
          overflowWeight += weight;
          return;
        }
        child = node.addChild(frameIds[i]);
        nodeCount++;
      }
      node = child;
    }
    Node n = node;
    n.self += weight;
    for (; n != null; n = n.parent) {
      n.total += weight;
    }
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

  public int nodeCount() {
    return nodeCount;
  }

  /** Weight of samples dropped because the tree reached its node cap. */
  public long overflowWeight() {
    return overflowWeight;
  }

  /** Calls the visitor once per node with self weight, with the path from the root. */
  public void forEachStack(StackVisitor visitor) {
    List<FrameKey> path = new ArrayList<>();
    visit(root, path, visitor);
  }

  private void visit(Node node, List<FrameKey> path, StackVisitor visitor) {
    if (node != root) {
      path.add(frames.get(node.frameId));
      if (node.self > 0) {
        visitor.stack(path, node.self);
      }
    }
    for (Node child : node.children()) {
      visit(child, path, visitor);
    }
    if (node != root) {
      path.remove(path.size() - 1);
    }
  }

  /** A copy of this tree with the levels of the given kinds spliced out (their children merged). */
  public CallTree without(Set<FrameKind> hidden) {
    if (hidden.isEmpty()) {
      return this;
    }
    CallTree copy = new CallTree(frames, Integer.MAX_VALUE);
    int[] buffer = new int[64];
    copyInto(root, copy, hidden, buffer, 0);
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

  private static void copyInto(Node node, CallTree copy, Set<FrameKind> hidden, int[] buffer, int depth) {
    for (Node child : node.children()) {
      int[] path = buffer;
      int d = depth;
      if (!hidden.contains(copy.frames.get(child.frameId).kind())) {
        if (d == path.length) {
          path = java.util.Arrays.copyOf(path, path.length * 2);
        }
        path[d++] = child.frameId;
      }
      if (child.self > 0) {
        copy.add(path, d, child.self);
      }
      copyInto(child, copy, hidden, path, d);
    }
  }

  /** Receives one stack and its self weight. The list is reused: copy it to keep it. */
  @FunctionalInterface
  public interface StackVisitor {
    void stack(List<FrameKey> rootFirst, long weight);
  }

  /** One node: a frame in the context of its callers. */
  public static final class Node {
    private final int frameId;
    private final Node parent;
    private Map<Integer, Node> children;
    private long total;
    private long self;

    Node(int frameId, Node parent) {
      this.frameId = frameId;
      this.parent = parent;
    }

    Node child(int id) {
      return children == null ? null : children.get(id);
    }

    Node addChild(int id) {
      if (children == null) {
        children = new HashMap<>(4);
      }
      Node child = new Node(id, this);
      children.put(id, child);
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
      return children == null ? 0 : children.size();
    }

    public Collection<Node> children() {
      return children == null ? List.of() : children.values();
    }
  }
}
