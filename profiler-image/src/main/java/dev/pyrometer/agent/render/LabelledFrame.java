package dev.pyrometer.agent.render;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameTable;
import dev.pyrometer.agent.profile.TreeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A call-tree node as every renderer shows it: sibling nodes whose frames have the same {@link
 * FrameKey#label()} merged into one (two files named {@code util.py} look alike once shortened),
 * children ordered by label so that output never depends on hash order.
 *
 * <p>Children are computed on demand, so walking a large tree needs memory for one path only.
 */
final class LabelledFrame {
  private final Labels labels;
  private final String label;
  private final FrameKey key;
  private final List<CallTree.Node> nodes;
  private final long total;
  private final long self;

  private LabelledFrame(Labels labels, String label, FrameKey key, List<CallTree.Node> nodes) {
    this.labels = labels;
    this.label = label;
    this.key = key;
    this.nodes = nodes;
    long t = 0;
    long s = 0;
    for (CallTree.Node node : nodes) {
      t += node.total();
      s += labels.view.visibleSelf(node);
    }
    this.total = t;
    this.self = s;
  }

  /** The root of the tree: no label, no key, total = all samples. */
  static LabelledFrame root(CallTree tree) {
    return root(TreeView.of(tree));
  }

  /** The root of a view: its hidden levels are skipped, their children merged by label. */
  static LabelledFrame root(TreeView view) {
    return new LabelledFrame(new Labels(view), "", null, List.of(view.root()));
  }

  /** Children ordered by label. */
  List<LabelledFrame> children() {
    Map<String, List<CallTree.Node>> byLabel = new TreeMap<>();
    for (CallTree.Node node : nodes) {
      labels.view.forEachVisibleChild(node,
          child -> byLabel.computeIfAbsent(labels.of(child.frameId()), l -> new ArrayList<>(1)).add(child));
    }
    List<LabelledFrame> children = new ArrayList<>(byLabel.size());
    byLabel.forEach(
        (text, group) -> children.add(new LabelledFrame(labels, text, labels.key(group.get(0).frameId()), group)));
    return children;
  }

  String label() {
    return label;
  }

  /** The frame of the first merged node; null for the root. */
  FrameKey key() {
    return key;
  }

  /** True when one of the merged nodes is this exact frame. */
  boolean hasKey(FrameKey frame) {
    for (CallTree.Node node : nodes) {
      if (node.frameId() >= 0 && labels.key(node.frameId()).equals(frame)) {
        return true;
      }
    }
    return false;
  }

  long total() {
    return total;
  }

  long self() {
    return self;
  }

  /** Labels of a frame table, computed once per frame rather than once per node. */
  private static final class Labels {
    private final TreeView view;
    private final FrameTable frames;
    private final String[] byId;

    Labels(TreeView view) {
      this.view = view;
      this.frames = view.frames();
      this.byId = new String[frames.size()];
    }

    String of(int frameId) {
      String label = byId[frameId];
      if (label == null) {
        label = byId[frameId] = frames.get(frameId).label();
      }
      return label;
    }

    FrameKey key(int frameId) {
      return frames.get(frameId);
    }
  }
}
