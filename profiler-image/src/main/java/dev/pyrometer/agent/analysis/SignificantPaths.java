package dev.pyrometer.agent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most significant code paths of a merged tree, each found by starting at the root and
 * following the heaviest child while it dominates (carries more than half of its parent's
 * samples); off-CPU paths are followed to their system call. A found path's samples are then
 * taken out of the tree and the next path is searched, so the paths are distinct and their shares
 * never count a sample twice.
 */
final class SignificantPaths {
  /** A child dominates its parent when it carries more than this fraction of the parent's samples. */
  static final double DOMINANCE = 0.5;

  private final Map<FunctionTree.Node, Long> taken = new HashMap<>();

  private SignificantPaths() {}

  /**
   * Up to {@code limit} paths, heaviest first.
   *
   * @param toLeaf follow the heaviest child to the end even where none dominates (off-CPU: the
   *     path ends at the system call)
   */
  static List<Found> find(FunctionTree tree, int limit, boolean toLeaf) {
    SignificantPaths paths = new SignificantPaths();
    List<Found> out = new ArrayList<>();
    while (out.size() < limit) {
      Found next = paths.next(tree.root(), toLeaf);
      if (next == null) {
        break;
      }
      out.add(next);
    }
    out.sort((a, b) -> Long.compare(b.weight(), a.weight()));
    return out;
  }

  private Found next(FunctionTree.Node root, boolean toLeaf) {
    List<FunctionTree.Node> path = new ArrayList<>();
    FunctionTree.Node node = root;
    boolean ownSamplesOnly = false;
    while (true) {
      FunctionTree.Node best = null;
      for (FunctionTree.Node child : node.children()) {
        if (remaining(child) > 0 && (best == null || remaining(child) > remaining(best))) {
          best = child;
        }
      }
      if (best == null) {
        break;
      }
      boolean dominates = remaining(best) > DOMINANCE * remaining(node);
      boolean selfHeavier = node != root && ownRemaining(node) >= remaining(best);
      if (node != root && (selfHeavier || (!toLeaf && !dominates))) {
        // followed to the end, a path is the samples that ended in its last frame; stopped where
        // work spreads out, it is everything below that frame
        ownSamplesOnly = toLeaf;
        break;
      }
      path.add(best);
      node = best;
    }
    if (path.isEmpty()) {
      return null;
    }
    long weight = ownSamplesOnly ? ownRemaining(node) : remaining(node);
    for (FunctionTree.Node n = node; n != null; n = n.parent) {
      taken.merge(n, weight, Long::sum);
    }
    return new Found(List.copyOf(path), weight);
  }

  /** Samples that ended in the node itself and were not taken yet. */
  private long ownRemaining(FunctionTree.Node node) {
    long children = 0;
    for (FunctionTree.Node child : node.children()) {
      children += remaining(child);
    }
    return remaining(node) - children;
  }

  private long remaining(FunctionTree.Node node) {
    return node.total - taken.getOrDefault(node, 0L);
  }

  /**
   * One path.
   *
   * @param nodes root first; the last is where the path ends
   * @param weight the samples through its last node that no earlier path took
   */
  record Found(List<FunctionTree.Node> nodes, long weight) {
    FunctionTree.Node end() {
      return nodes.get(nodes.size() - 1);
    }
  }
}
