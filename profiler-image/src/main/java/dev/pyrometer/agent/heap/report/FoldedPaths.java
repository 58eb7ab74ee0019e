package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the path trie into the call tree the renderers take (bytes as weights): one stack per
 * path. Paths holding less than the threshold in all are merged into their nearest larger
 * ancestor as {@code (small objects)}, so the flame graph stays readable and the folded file small.
 */
public final class FoldedPaths {
  public static final String SMALL = "(small objects)";
  private static final long MIN_BYTES = 1024;
  private static final double MIN_SHARE = 1e-5;

  private FoldedPaths() {}

  public static CallTree build(PathTrie trie, PathNamer names) {
    return build(trie, names, false);
  }

  /**
   * The same paths, merged the same way (by bytes), weighted by the number of objects: the
   * {@code inuse_objects} column of memory.pb.gz.
   */
  public static CallTree objects(PathTrie trie, PathNamer names) {
    return build(trie, names, true);
  }

  private static CallTree build(PathTrie trie, PathNamer names, boolean countObjects) {
    long[] totals = trie.totals();
    long threshold = Math.max(MIN_BYTES, (long) (totals[PathTrie.ROOT] * MIN_SHARE));
    int n = trie.nodeCount();
    long[] small = new long[n];
    CallTree tree = new CallTree();
    for (int node = 1; node < n; node++) {
      long self = countObjects ? trie.objects(node) : trie.bytes(node);
      if (trie.bytes(node) == 0 && self == 0) {
        continue;
      }
      int kept = node;
      while (kept != PathTrie.ROOT && totals[kept] < threshold) {
        kept = trie.parent(kept);
      }
      if (kept == node) {
        tree.add(frames(names, node, false), self);
      } else {
        small[kept] += self;
      }
    }
    for (int node = 0; node < n; node++) {
      if (small[node] > 0) {
        tree.add(frames(names, node, true), small[node]);
      }
    }
    return tree;
  }

  private static List<FrameKey> frames(PathNamer names, int node, boolean small) {
    List<FrameKey> out = new ArrayList<>();
    for (String segment : names.path(node)) {
      out.add(FrameKey.marker(segment));
    }
    if (small) {
      out.add(FrameKey.marker(SMALL));
    }
    return out;
  }
}
