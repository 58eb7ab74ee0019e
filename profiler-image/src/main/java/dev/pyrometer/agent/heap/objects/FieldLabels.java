package dev.pyrometer.agent.heap.objects;

import dev.pyrometer.agent.heap.graph.EdgeSink;
import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.TextTable;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names of object fields in paths ({@code .__code__}, {@code .__self__}, {@code .+0x18} for
 * fields of C types we know nothing about), and the scans that emit them.
 */
final class FieldLabels {
  /** A weakref's referent is not owned; its callback is. */
  private static final long WEAKREF_CALLBACK = 24;
  /** Function members that are not followed here: deferred, special-cased, or not objects. */
  private static final Set<String> FUNCTION_SKIPPED = Set.of(
      "func_globals", "func_builtins", "func_closure", "func_dict", "func_weakreflist", "vectorcall", "func_version");

  final int name;
  final int qualname;
  final int slots;
  final int subclasses;
  final int mro;
  final int bases;
  final int base;
  final int module;
  final int globals;
  final int builtins;
  final int back;
  final int typeOfInstance;
  final long functionDict;

  private final ObjectOffsets o;
  private final TextTable texts;
  private final long[] functionOffsets;
  private final int[] functionLabels;
  private final dev.pyrometer.agent.heap.snapshot.Snapshot snapshot;
  private final int[] offsetLabels = new int[64];

  FieldLabels(HeapLayout layout, TextTable texts, dev.pyrometer.agent.heap.snapshot.Snapshot snapshot) {
    this.o = layout.objects();
    this.texts = texts;
    this.snapshot = snapshot;
    name = texts.id("__name__");
    qualname = texts.id("__qualname__");
    slots = texts.id("__slots__");
    subclasses = texts.id("__subclasses__");
    mro = texts.id("__mro__");
    bases = texts.id("__bases__");
    base = texts.id("__base__");
    module = texts.id("__module__");
    globals = texts.id("__globals__");
    builtins = texts.id("__builtins__");
    back = texts.id("f_back");
    typeOfInstance = texts.id("__class__");
    List<Long> offsets = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Map.Entry<String, Long> member : o.functionMembers.entrySet()) {
      if (!FUNCTION_SKIPPED.contains(member.getKey()) && member.getKey().startsWith("func_")) {
        offsets.add(member.getValue());
        labels.add(texts.id("__" + member.getKey().substring(5) + "__"));
      }
    }
    functionOffsets = offsets.stream().mapToLong(Long::longValue).toArray();
    functionLabels = labels.stream().mapToInt(Integer::intValue).toArray();
    functionDict = o.functionMembers.getOrDefault("func_dict", -1L);
    java.util.Arrays.fill(offsetLabels, -1);
  }

  /** Text id of a {@code __slots__} member's name. */
  int slotName(String slot) {
    return texts.id(slot);
  }

  /** Emits the known object fields of functions, methods, builtin methods and weakrefs. */
  void scanKnown(long a, TypeKind kind, EdgeSink sink) {
    switch (kind) {
      case FUNCTION -> {
        for (int i = 0; i < functionOffsets.length; i++) {
          sink.edge(snapshot.u64(a + functionOffsets[i]), Label.FIELD, functionLabels[i]);
        }
      }
      case METHOD -> {
        sink.edge(snapshot.u64(a + o.methodFunc), Label.FIELD, texts.id("__func__"));
        sink.edge(snapshot.u64(a + o.methodSelf), Label.FIELD, texts.id("__self__"));
      }
      case CFUNCTION -> {
        sink.edge(snapshot.u64(a + o.cFunctionSelf), Label.FIELD, texts.id("__self__"));
        sink.edge(snapshot.u64(a + o.cFunctionModule), Label.FIELD, module);
      }
      case WEAKREF -> sink.edge(snapshot.u64(a + WEAKREF_CALLBACK), Label.FIELD, texts.id("__callback__"));
      default -> throw new IllegalArgumentException("no known fields for " + kind);
    }
  }

  /**
   * Conservative scan of {@code [from, to)}: every word that points at a valid object is taken
   * for a reference (the sink validates). Skips the dict and weak-list slots of {@code type}.
   */
  void scan(long a, long from, long to, TypeInfo type, int labelKind, EdgeSink sink) {
    long end = Math.min(to, from + 4096);
    for (long off = (from + 7) & ~7L; off + 8 <= end; off += 8) {
      if (type != null && (off == type.dictOffset() || off == type.weakListOffset())) {
        continue;
      }
      long value = snapshot.u64(a + off);
      if (value != 0 && (value & 7) == 0) {
        sink.edge(value, labelKind, labelKind == Label.COLLAPSE ? 0 : offsetLabel(off));
      }
    }
  }

  private int offsetLabel(long offset) {
    int slot = (int) (offset >>> 3);
    if (slot < offsetLabels.length) {
      if (offsetLabels[slot] < 0) {
        offsetLabels[slot] = texts.id("+0x" + Long.toHexString(offset));
      }
      return offsetLabels[slot];
    }
    return texts.id("+0x" + Long.toHexString(offset));
  }
}
