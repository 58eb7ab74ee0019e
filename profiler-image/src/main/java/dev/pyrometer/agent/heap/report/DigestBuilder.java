package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/** Keeps what the growth analysis needs from a walk: bytes per folded path, per type, and containers. */
public final class DigestBuilder {
  static final int MAX_CONTAINERS = 500;

  private DigestBuilder() {}

  public static SnapshotDigest build(WalkResult w, ReportBuilder report, CallTree folded, Instant takenAt) {
    Map<String, Long> paths = new HashMap<>();
    folded.forEachStack((frames, weight) ->
        paths.merge(String.join(";", frames.stream().map(FrameKey::label).toList()), weight, Long::sum));
    Map<String, Long> types = new HashMap<>();
    for (HeapReport.TypeEntry t : report.types()) {
      types.put(t.type(), t.bytes());
    }
    IntToLongFunction length = i -> {
      TypeInfo type = w.types().get(w.table().type(i));
      Long n = isContainer(type.kind()) ? ObjectRanking.length(w.snapshot(), w.offsets(), w.table().address(i), type) : null;
      return n == null ? 0 : Math.max(0, n);
    };
    ObjectTable.Subtrees subtree = report.subtreeSizes();
    List<SnapshotDigest.Container> containers = new ArrayList<>();
    for (int i : ObjectRanking.top(w.table().count(), length, i -> ObjectRanking.isHolder(w, i), MAX_CONTAINERS)) {
      containers.add(new SnapshotDigest.Container(w.table().address(i), w.names().pathText(w.table().node(i)),
          w.types().get(w.table().type(i)).fullName(), length.applyAsLong(i), subtree.get(i)));
    }
    return new SnapshotDigest(takenAt, report.pathTotals()[PathTrie.ROOT], paths, types, containers);
  }

  private static boolean isContainer(TypeKind kind) {
    return kind == TypeKind.DICT || kind == TypeKind.LIST || kind == TypeKind.SET || kind == TypeKind.DEQUE
        || kind == TypeKind.BYTEARRAY;
  }
}
