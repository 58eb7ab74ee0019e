package dev.pyrometer.agent.profile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the most frequent complete stack in a call tree, for summaries and the printer column. */
public final class TopStacks {
  /** A stack (root first, labels) and the weight that ended exactly in it. */
  public record Top(List<String> labels, long weight) {
    static final Top NONE = new Top(List.of(), 0);
  }

  private TopStacks() {}

  /**
   * The top stack of one process, threads merged, without the process root. Walks the tree as it
   * is (a stack seen in several threads is one group of nodes, one per thread), copying nothing.
   */
  public static Top ofProcess(CallTree tree, int pid) {
    TreeView view = TreeView.without(tree, EnumSet.of(FrameKind.THREAD));
    FrameTable frames = tree.frames();
    List<CallTree.Node> process = new ArrayList<>();
    view.forEachVisibleChild(tree.root(), n -> {
      FrameKey frame = frames.get(n.frameId());
      if (frame.kind() == FrameKind.PROCESS && frame.line() == pid) {
        process.add(n);
      }
    });
    Top best = Top.NONE;
    // depth first over groups of nodes with the same frame; depth 0 is the process level
    ArrayDeque<Group> pending = new ArrayDeque<>();
    List<Integer> path = new ArrayList<>();
    if (!process.isEmpty()) {
      pending.push(new Group(process, 0));
    }
    while (!pending.isEmpty()) {
      Group group = pending.pop();
      while (path.size() > group.depth) {
        path.remove(path.size() - 1);
      }
      path.add(group.nodes.get(0).frameId());
      long self = 0;
      Map<Integer, List<CallTree.Node>> children = new LinkedHashMap<>();
      for (CallTree.Node node : group.nodes) {
        self += view.visibleSelf(node);
        view.forEachVisibleChild(node, c -> children.computeIfAbsent(c.frameId(), id -> new ArrayList<>(1)).add(c));
      }
      if (self > best.weight() && group.depth > 0) {
        List<String> labels = new ArrayList<>(path.size() - 1);
        for (int i = 1; i < path.size(); i++) {
          labels.add(frames.get(path.get(i)).label());
        }
        best = new Top(labels, self);
      }
      List<List<CallTree.Node>> groups = new ArrayList<>(children.values());
      for (int i = groups.size() - 1; i >= 0; i--) {
        pending.push(new Group(groups.get(i), group.depth + 1));
      }
    }
    return best;
  }

  private record Group(List<CallTree.Node> nodes, int depth) {}
}
