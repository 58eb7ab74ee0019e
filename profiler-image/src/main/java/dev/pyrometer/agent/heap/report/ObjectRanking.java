package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.layout.ObjectOffsets;
import dev.pyrometer.agent.heap.objects.TypeInfo;
import dev.pyrometer.agent.heap.objects.TypeKind;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/** Picks the top objects of the walk by a measure, and describes them for the report. */
public final class ObjectRanking {
  private ObjectRanking() {}

  /** Indices of the {@code limit} objects with the largest {@code measure}, largest first. */
  public static List<Integer> top(int count, long[] measure, IntPredicate eligible, int limit) {
    PriorityQueue<Integer> heap = new PriorityQueue<>((a, b) -> Long.compare(measure[a], measure[b]));
    for (int i = 0; i < count; i++) {
      if (measure[i] == 0 || !eligible.test(i)) {
        continue;
      }
      if (heap.size() < limit) {
        heap.add(i);
      } else if (measure[i] > measure[heap.peek()]) {
        heap.poll();
        heap.add(i);
      }
    }
    List<Integer> out = new ArrayList<>(heap);
    out.sort((a, b) -> Long.compare(measure[b], measure[a]));
    return out;
  }

  /** The report entry of object {@code i}. */
  public static HeapReport.ObjectEntry entry(WalkResult w, int i, long[] subtree) {
    ObjectTable t = w.table();
    TypeInfo type = w.types().get(t.type(i));
    return new HeapReport.ObjectEntry("0x" + Long.toHexString(t.address(i)), type.fullName(), t.size(i), subtree[i],
        length(w.snapshot(), w.offsets(), t.address(i), type), w.names().pathText(t.node(i)));
  }

  /** Items, entries or characters of a sized object; null for objects without a length. */
  public static Long length(Snapshot s, ObjectOffsets o, long a, TypeInfo type) {
    return switch (type.kind()) {
      case DICT -> s.u64(a + o.dictUsed);
      case SET -> s.u64(a + o.setUsed);
      case LIST, TUPLE, BYTES, BYTEARRAY -> s.u64(a + o.obSize);
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
