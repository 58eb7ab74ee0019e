package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.PathTrie;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The largest reference paths worth a line of their own: paths that lead to a named thing (a
 * global, an attribute, a key, a local...) rather than to a root, a module or a frame, and are
 * not almost all one named child's (that child is the better answer; anonymous items like
 * {@code [*]} never are: the container that holds them is). None is nested in another.
 */
public final class TopPaths {
  /** A path whose child holds at least this share is represented by the child. */
  private static final double DOMINANT_CHILD = 0.9;

  private TopPaths() {}

  /** Trie nodes of the top paths, largest first. */
  public static List<Integer> select(PathTrie trie, long[] totals, int limit) {
    int n = trie.nodeCount();
    long[] largestChild = new long[n];
    for (int node = 1; node < n; node++) {
      if (isNamed(trie.labelKind(node))) {
        int p = trie.parent(node);
        largestChild[p] = Math.max(largestChild[p], totals[node]);
      }
    }
    List<Integer> candidates = IntStream.range(1, n)
        .filter(node -> totals[node] > 0 && isNamedPath(trie, node) && largestChild[node] < DOMINANT_CHILD * totals[node])
        .boxed()
        .sorted(Comparator.comparingLong((Integer node) -> totals[node]).reversed())
        .toList();
    List<Integer> picked = new ArrayList<>();
    boolean[] taken = new boolean[n];
    for (int node : candidates) {
      if (picked.size() >= limit) {
        break;
      }
      if (!hasTakenAncestor(trie, node, taken)) {
        picked.add(node);
        taken[node] = true;
      }
    }
    return picked;
  }

  private static boolean isNamed(int kind) {
    return kind != Label.ITEMS && kind != Label.VALUES && kind != Label.KEYS;
  }

  private static boolean isNamedPath(PathTrie trie, int node) {
    int kind = trie.labelKind(node);
    return trie.depth(node) >= 2 && kind != Label.TEXT && kind != Label.MODULE && kind != Label.TYPE_ONLY;
  }

  private static boolean hasTakenAncestor(PathTrie trie, int node, boolean[] taken) {
    for (int p = trie.parent(node); p > PathTrie.ROOT; p = trie.parent(p)) {
      if (taken[p]) {
        return true;
      }
    }
    return false;
  }
}
