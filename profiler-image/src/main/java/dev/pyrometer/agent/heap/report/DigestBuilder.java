package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.heap.objects.TypeInfo;
import dev.pyrometer.agent.heap.objects.TypeKind;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    return new SnapshotDigest(takenAt, report.pathTotals()[PathTrie.ROOT], paths, types, containers);
  }

  private static boolean isContainer(TypeKind kind) {
    return kind == TypeKind.DICT || kind == TypeKind.LIST || kind == TypeKind.SET || kind == TypeKind.BYTEARRAY;
  }
}
