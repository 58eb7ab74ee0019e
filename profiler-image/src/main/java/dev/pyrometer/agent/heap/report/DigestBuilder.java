package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.heap.objects.TypeInfo;
import dev.pyrometer.agent.heap.objects.TypeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Keeps what the growth analysis needs from a walk: bounded maps of paths, types and containers. */
public final class DigestBuilder {
  static final int MAX_PATHS = 5000;
  static final int MAX_CONTAINERS = 500;

  private DigestBuilder() {}

  public static SnapshotDigest build(WalkResult w, ReportBuilder report, Instant takenAt) {
    long[] totals = report.pathTotals();
    PathTrie trie = w.trie();
    Map<String, Long> paths = new HashMap<>();
    IntStream.range(1, trie.nodeCount()).boxed()
        .sorted((a, b) -> Long.compare(totals[b], totals[a]))
        .limit(MAX_PATHS)
        .forEach(node -> paths.put(w.names().pathText(node), totals[node]));
    Map<String, Long> types = new HashMap<>();
    for (HeapReport.TypeEntry t : report.types()) {
      types.put(t.type(), t.bytes());
    }
    long[] lengths = new long[w.table().count()];
    for (int i = 0; i < lengths.length; i++) {
      TypeInfo type = w.types().get(w.table().type(i));
      if (isContainer(type.kind())) {
        Long length = ObjectRanking.length(w.snapshot(), w.offsets(), w.table().address(i), type);
        lengths[i] = length == null ? 0 : Math.max(0, length);
      }
    }
    long[] subtree = report.subtreeSizes();
    List<SnapshotDigest.Container> containers = new ArrayList<>();
    for (int i : ObjectRanking.top(lengths.length, lengths, i -> ObjectRanking.isHolder(w, i), MAX_CONTAINERS)) {
      containers.add(new SnapshotDigest.Container(w.table().address(i), w.names().pathText(w.table().node(i)),
          w.types().get(w.table().type(i)).fullName(), lengths[i], subtree[i]));
    }
    return new SnapshotDigest(takenAt, totals[PathTrie.ROOT], paths, types, containers);
  }

  private static boolean isContainer(TypeKind kind) {
    return kind == TypeKind.DICT || kind == TypeKind.LIST || kind == TypeKind.SET || kind == TypeKind.BYTEARRAY;
  }
}
