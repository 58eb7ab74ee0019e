package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two profiles in one tree: frames matched by their label (as the folded files show them), each
 * node with its weight in BASE and in NEW. Children are ordered by label, so the same inputs always
 * give the same output.
 */
public final class DiffTree {
  private final Node root = new Node(null, "", null);
  private final long baseTotal;
  private final long newTotal;

  private DiffTree(CallTree base, CallTree news) {
    add(base, true);
    add(news, false);
    this.baseTotal = root.base;
    this.newTotal = root.news;
  }

  public static DiffTree of(CallTree base, CallTree news) {
    return new DiffTree(base, news);
  }

  private void add(CallTree tree, boolean isBase) {
    tree.forEachStack((frames, weight) -> {
      Node node = root;
      node.add(isBase, weight, frames.isEmpty());
      for (int i = 0; i < frames.size(); i++) {
        node = node.child(frames.get(i));
        node.add(isBase, weight, i == frames.size() - 1);
      }
    });
  }

  public Node root() {
    return root;
  }

  public long baseTotal() {
    return baseTotal;
  }

  public long newTotal() {
    return newTotal;
  }

  /** Every node but the root with self weight on either side, parents before children. */
  public void forEachStack(StackVisitor visitor) {
    Deque<Node> pending = new ArrayDeque<>();
    pending.push(root);
    List<Node> path = new ArrayList<>();
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      if (node != root) {
        path.clear();
        for (Node n = node; n != root; n = n.parent) {
          path.add(0, n);
        }
        if (node.baseSelf > 0 || node.newSelf > 0) {
          visitor.stack(path, node);
        }
      }
      List<Node> children = new ArrayList<>(node.children());
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.push(children.get(i)); // first child on top: stacks come out in label order
      }
    }
  }

  /** Receives one stack (root first, the list is reused) and its leaf node. */
  @FunctionalInterface
  public interface StackVisitor {
    void stack(List<Node> rootFirst, Node leaf);
  }

  /** One frame in the context of its callers, in both profiles. */
  public static final class Node {
    private final Node parent;
    private final String label;
    private final FrameKey key;
    private final Map<String, Node> children = new TreeMap<>();
    private long base;
    private long news;
    private long baseSelf;
    private long newSelf;

    Node(Node parent, String label, FrameKey key) {
      this.parent = parent;
      this.label = label;
      this.key = key;
    }

    Node child(FrameKey frame) {
      String text = frame.label();
      return children.computeIfAbsent(text, t -> new Node(this, t, frame));
    }

    void add(boolean isBase, long weight, boolean leaf) {
      if (isBase) {
        base += weight;
        baseSelf += leaf ? weight : 0;
      } else {
        news += weight;
        newSelf += leaf ? weight : 0;
      }
    }

    public Node parent() {
      return parent;
    }

    /** The frame's text in folded stacks; "" for the root. */
    public String label() {
      return label;
    }

    /** The frame as first seen (BASE's when both have it); null for the root. */
    public FrameKey key() {
      return key;
    }

    /** Weight through this node in BASE. */
    public long base() {
      return base;
    }

    /** Weight through this node in NEW. */
    public long news() {
      return news;
    }

    public long baseSelf() {
      return baseSelf;
    }

    public long newSelf() {
      return newSelf;
    }

    public Collection<Node> children() {
      return children.values();
    }
  }
}
