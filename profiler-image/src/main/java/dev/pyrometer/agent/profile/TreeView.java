package dev.pyrometer.agent.profile;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A call tree seen without the levels of some kinds (threads, and the process root when there is
 * only one process): the hidden nodes' children take their place. Unlike {@link
 * CallTree#without(Set)} it copies nothing: the reports of a large profile are written from the one
 * tree the sampler built. Renderers merge the visible siblings that look alike (same label) as
 * they walk, so the same frame under two threads is one box.
 */
public final class TreeView {
  private final CallTree tree;
  private final Set<FrameKind> hidden;

  private TreeView(CallTree tree, Set<FrameKind> hidden) {
    this.tree = tree;
    this.hidden = hidden.isEmpty() ? Set.of() : EnumSet.copyOf(hidden);
  }

  /** The whole tree, nothing hidden. */
  public static TreeView of(CallTree tree) {
    return new TreeView(tree, Set.of());
  }

  /** The tree without the levels of these kinds. */
  public static TreeView without(CallTree tree, Set<FrameKind> hidden) {
    return new TreeView(tree, hidden);
  }

  /** What {@link CallTree#displayView()} copies: no thread levels, no process root when only one process is present. */
  public static TreeView display(CallTree tree) {
    Set<FrameKind> hidden = EnumSet.of(FrameKind.THREAD);
    if (tree.root().childCount() <= 1) {
      hidden.add(FrameKind.PROCESS);
    }
    return new TreeView(tree, hidden);
  }

  public CallTree tree() {
    return tree;
  }

  public FrameTable frames() {
    return tree.frames();
  }

  public long total() {
    return tree.total();
  }

  public CallTree.Node root() {
    return tree.root();
  }

  public boolean isHidden(CallTree.Node node) {
    return node.frameId() >= 0 && !hidden.isEmpty() && hidden.contains(tree.frames().get(node.frameId()).kind());
  }

  /**
   * Hands over the visible children of a node in order: its children, with every hidden one
   * replaced by its own visible children. Iterative: hidden levels nest (process, then thread).
   */
  public void forEachVisibleChild(CallTree.Node node, Consumer<CallTree.Node> out) {
    if (hidden.isEmpty()) {
      for (CallTree.Node child : node.children()) {
        out.accept(child);
      }
      return;
    }
    ArrayDeque<CallTree.Node> pending = new ArrayDeque<>();
    pushChildren(node, pending);
    while (!pending.isEmpty()) {
      CallTree.Node child = pending.pop();
      if (isHidden(child)) {
        pushChildren(child, pending);
      } else {
        out.accept(child);
      }
    }
  }

  /**
   * The weight that ends in a node as the view shows it: its own, plus what ended in hidden
   * levels right below it (a thread sampled with no frame), which a copy would have given it.
   */
  public long visibleSelf(CallTree.Node node) {
    long self = node.self();
    if (hidden.isEmpty()) {
      return self;
    }
    ArrayDeque<CallTree.Node> pending = new ArrayDeque<>();
    pushHiddenChildren(node, pending);
    while (!pending.isEmpty()) {
      CallTree.Node child = pending.pop();
      self += child.self();
      pushHiddenChildren(child, pending);
    }
    return self;
  }

  private void pushHiddenChildren(CallTree.Node node, ArrayDeque<CallTree.Node> pending) {
    for (int i = 0; i < node.childCount(); i++) {
      if (isHidden(node.childAt(i))) {
        pending.push(node.childAt(i));
      }
    }
  }

  /** Pushes the children so that they pop in their own order. */
  private static void pushChildren(CallTree.Node node, ArrayDeque<CallTree.Node> pending) {
    for (int i = node.childCount() - 1; i >= 0; i--) {
      pending.push(node.childAt(i));
    }
  }
}
