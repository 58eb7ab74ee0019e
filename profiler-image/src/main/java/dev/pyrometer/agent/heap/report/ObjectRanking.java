package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/** Picks the top objects of the walk by a measure, and describes them for the report. */
public final class ObjectRanking {
  private ObjectRanking() {}

  /** Indices of the {@code limit} objects with the largest {@code measure}, largest first. */
  public static List<Integer> top(int count, IntToLongFunction measure, IntPredicate eligible, int limit) {
    PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> Long.compare(a[1], b[1]));
    for (int i = 0; i < count; i++) {
      long m = measure.applyAsLong(i);
      if (m == 0 || (heap.size() == limit && m <= heap.peek()[1]) || !eligible.test(i)) {
        continue;
      }
      if (heap.size() == limit) {
        heap.poll();
      }
      heap.add(new long[] {i, m});
    }
    List<long[]> sorted = new ArrayList<>(heap);
    sorted.sort((a, b) -> Long.compare(b[1], a[1]));
    return sorted.stream().map(e -> (int) e[0]).toList();
  }

  /** The report entry of object {@code i}. */
  public static HeapReport.ObjectEntry entry(WalkResult w, int i, ObjectTable.Subtrees subtree) {
    ObjectTable t = w.table();
    TypeInfo type = w.types().get(t.type(i));
    return new HeapReport.ObjectEntry("0x" + Long.toHexString(t.address(i)), type.fullName(), t.size(i), subtree.get(i),
        length(w.snapshot(), w.offsets(), t.address(i), type), w.names().pathText(t.node(i)));
  }

  /** Items, entries or characters of a sized object; null for objects without a length. */
  public static Long length(Snapshot s, ObjectOffsets o, long a, TypeInfo type) {
    return switch (type.kind()) {
      case DICT -> s.u64(a + o.dictUsed);
      case SET -> s.u64(a + o.setUsed);
      case LIST, TUPLE, BYTES, BYTEARRAY, DEQUE -> s.u64(a + o.obSize);
      case STR -> s.u64(a + o.strLength);
      default -> null;
    };
  }

  /** Objects that hold data for the user, rather than namespaces that hold everything. */
  public static boolean isHolder(WalkResult w, int i) {
    ObjectTable t = w.table();
    if (t.has(i, ObjectTable.NAMESPACE) || t.has(i, ObjectTable.STATIC)) {
      return false;
    }
    TypeKind kind = w.types().get(t.type(i)).kind();
    return kind != TypeKind.MODULE && kind != TypeKind.FRAME;
  }
}
