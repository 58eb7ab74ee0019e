package dev.pyrometer.agent.heap.objects;

import dev.pyrometer.agent.heap.graph.EdgeSink;
import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.TextTable;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.Attributes;
import dev.pyrometer.agent.python.objects.DictReader;
import dev.pyrometer.agent.python.objects.InstanceLayout;
import dev.pyrometer.agent.python.objects.ObjectSizes;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import java.util.Map;

/**
 * Finds the references an object holds, per type and per version, and names them. References
 * that would steal attribution from the path users think of (a function's globals, a class's
 * bases, an instance's class, a static type's dict) are <em>deferred</em>: followed only after
 * everything reachable by the ordinary ones.
 */
public final class ObjectDecoder {
  private static final long MAX_ITEMS = 1L << 28;
  /** dequeobject: leftblock and leftindex after the var header; blocks of 64 between two links. */
  private static final long DEQUE_LEFT_BLOCK = 24;
  private static final long DEQUE_LEFT_INDEX = 40;

  private final Snapshot s;
  private final ObjectOffsets o;
  private final InterpreterOffsets f;
  private final TypeRegistry types;
  private final DictReader dicts;
  private final InstanceLayout instances;
  private final FrameLocals frames;
  private final Map<Long, Long> staticTypeDicts;
  private final long setDummy;
  private final FieldLabels fields;
  private final DictEdges dictEdges;

  /**
   * @param staticTypeDicts 3.12+: the dict of each static builtin type, which lives in the
   *     interpreter state rather than in {@code tp_dict}
   */
  public ObjectDecoder(Snapshot snapshot, HeapLayout layout, TypeRegistry types, TextTable texts,
      Map<Long, Long> staticTypeDicts, long setDummy) {
    this.s = snapshot;
    this.o = layout.objects();
    this.f = layout.interpreter();
    this.types = types;
    this.dicts = new DictReader(snapshot, o);
    this.instances = new InstanceLayout(snapshot, o);
    this.frames = new FrameLocals(snapshot, layout, texts);
    this.staticTypeDicts = staticTypeDicts;
    this.setDummy = setDummy;
    this.fields = new FieldLabels(layout, texts, snapshot);
    this.dictEdges = new DictEdges(dicts, types);
  }

  public FrameLocals frames() {
    return frames;
  }

  /** The live entries of a dict (for roots named by their keys, like sys.modules). */
  public void entries(long dict, DictReader.EntryVisitor visitor) {
    if (dict != 0) {
      dicts.forEach(dict, visitor);
    }
  }

  /** Emits the references followed in the main walk. */
  public void references(long a, TypeInfo t, EdgeSink sink) {
    if (t.heap()) {
      // named first: __dict__ entries and __slots__ members, before any field scan sees them
      instanceAttributes(a, t, sink);
    }
    switch (t.kind()) {
      case TUPLE -> tuple(a, sink);
      case LIST -> items(s.u64(a + o.listItems), s.u64(a + o.obSize), Label.ITEMS, sink);
      case DICT -> dictEdges.dict(a, sink);
      case SET -> set(a, sink);
      case DEQUE -> deque(a, sink);
      case MODULE -> {
        long dict = s.u64(a + o.moduleDict);
        sink.edge(dict, Label.NAMESPACE, 0);
        dictEdges.namespace(dict, Label.NAME, sink);
      }
      case TYPE -> typeObject(a, sink);
      case FUNCTION -> function(a, t, sink);
      case CODE -> {
        for (long field : o.codeObjectFields) { // only stored objects: caches and JIT data hold stale pointers
          sink.edge(s.u64(a + field), Label.COLLAPSE, 0);
        }
      }
      case CELL -> sink.edge(s.u64(a + o.cellRef), Label.COLLAPSE, 0);
      case METHOD, CFUNCTION, WEAKREF -> fields.scanKnown(a, t.kind(), sink);
      case FRAME -> frame(a, sink);
      case GENERATOR -> generator(a, t, sink);
      default -> {
        // str, bytes, int, float, complex, bytearray: no references; OTHER: the scan below
      }
    }
    if (t.kindBasicSize() < t.basicSize()) {
      // fields past the built-in part: a C type's own (defaultdict, _io objects...), or a
      // Python class's slots, already found above under their names
      fields.scan(a, t.kindBasicSize(), t.basicSize(), t, Label.FIELD, sink);
    }
  }

  /** A deque's items, in its linked blocks of 64 (Modules/_collectionsmodule.c). */
  private void deque(long a, EdgeSink sink) {
    long n = s.u64(a + o.obSize);
    long block = s.u64(a + DEQUE_LEFT_BLOCK);
    long index = s.u64(a + DEQUE_LEFT_INDEX);
    for (long seen = 0; seen < n && seen < MAX_ITEMS && block != 0; ) {
      for (; index < ObjectSizes.DEQUE_BLOCK_ITEMS && seen < n; index++, seen++) {
        sink.edge(s.u64(block + 8 + 8 * index), Label.ITEMS, 0);
      }
      block = s.u64(block + 8 + 8 * ObjectSizes.DEQUE_BLOCK_ITEMS); // rightlink
      index = 0;
    }
  }

  /** Emits the references followed only after the main walk. */
  public void deferredReferences(long a, TypeInfo t, EdgeSink sink) {
    if (t.kind() == TypeKind.TYPE) {
      boolean heap = (s.u64(a + o.typeFlags) & o.flagHeapType) != 0;
      if (!heap) {
        long dict = s.u64(a + o.typeDict);
        if (dict == 0) {
          dict = staticTypeDicts.getOrDefault(a, 0L);
        }
        sink.edge(dict, Label.NAMESPACE, 0);
        dictEdges.namespace(dict, Label.ATTR, sink);
      }
      sink.edge(s.u64(a + o.typeMro), Label.FIELD, fields.mro);
      sink.edge(s.u64(a + o.typeBases), Label.FIELD, fields.bases);
      sink.edge(s.u64(a + o.typeBase), Label.FIELD, fields.base);
      if (heap && o.heapTypeModule >= 0) {
        sink.edge(s.u64(a + o.heapTypeModule), Label.FIELD, fields.module);
      }
    } else if (t.kind() == TypeKind.FUNCTION) {
      sink.edge(s.u64(a + f.functionGlobals), Label.FIELD, fields.globals);
      if (f.functionBuiltins >= 0) {
        sink.edge(s.u64(a + f.functionBuiltins), Label.FIELD, fields.builtins);
      }
    } else if (t.kind() == TypeKind.FRAME) {
      sink.edge(s.u64(a + f.frameObjectBack), Label.FIELD, fields.back);
    }
    if (t.heap()) {
      sink.edge(t.address(), Label.FIELD, fields.typeOfInstance);
    }
  }

  /** True when {@link #deferredReferences} may emit anything for instances of this type. */
  public static boolean hasDeferred(TypeInfo t) {
    return t.heap() || t.kind() == TypeKind.TYPE || t.kind() == TypeKind.FUNCTION || t.kind() == TypeKind.FRAME;
  }

  private void tuple(long a, EdgeSink sink) {
    long n = s.u64(a + o.obSize);
    if (n >= 0 && n <= 8) {
      for (int i = 0; i < n; i++) {
        sink.edge(s.u64(a + o.tupleItems + 8L * i), Label.INDEX, i);
      }
    } else {
      items(a + o.tupleItems, n, Label.ITEMS, sink);
    }
  }

  private void items(long array, long n, int label, EdgeSink sink) {
    if (n <= 0 || n > MAX_ITEMS || !s.contains(array, n * 8)) {
      return;
    }
    for (long i = 0; i < n; i++) {
      sink.edge(s.u64(array + 8 * i), label, 0);
    }
  }

  private void set(long a, EdgeSink sink) {
    long table = s.u64(a + o.setTable);
    long slots = s.u64(a + o.setMask) + 1;
    if (slots <= 0 || slots > MAX_ITEMS || !s.contains(table, slots * o.setEntrySize)) {
      return;
    }
    for (long i = 0; i < slots; i++) {
      long key = s.u64(table + i * o.setEntrySize);
      if (key != 0 && key != setDummy) {
        sink.edge(key, Label.ITEMS, 0);
      }
    }
  }

  private void typeObject(long a, EdgeSink sink) {
    if ((s.u64(a + o.typeFlags) & o.flagHeapType) == 0) {
      return; // static types: their dict is deferred (it holds every method of the type)
    }
    long dict = s.u64(a + o.typeDict);
    sink.edge(dict, Label.NAMESPACE, 0);
    dictEdges.namespace(dict, Label.ATTR, sink);
    sink.edge(s.u64(a + o.heapTypeName), Label.FIELD, fields.name);
    sink.edge(s.u64(a + o.heapTypeQualname), Label.FIELD, fields.qualname);
    sink.edge(s.u64(a + o.heapTypeSlots), Label.FIELD, fields.slots);
    if (o.typeSubclasses >= 0) {
      sink.edge(s.u64(a + o.typeSubclasses), Label.FIELD, fields.subclasses);
    }
  }

  private void function(long a, TypeInfo t, EdgeSink sink) {
    fields.scanKnown(a, TypeKind.FUNCTION, sink);
    long dict = s.u64(a + fields.functionDict);
    sink.edge(dict, Label.NAMESPACE, 0);
    dictEdges.namespace(dict, Label.ATTR, sink);
    // closure cells named by the code's free variables
    long closure = s.u64(a + f.functionClosure);
    sink.edge(closure, Label.COLLAPSE, 0);
    long n = closure == 0 ? 0 : Math.min(s.u64(closure + o.obSize), 4096);
    long code = s.u64(a + f.functionCode);
    long names = f.codeFreevars >= 0 ? s.u64(code + f.codeFreevars) : s.u64(code + f.codeLocalsPlusNames);
    long firstFree = f.codeFreevars >= 0 ? 0 : Math.max(0, s.u64(names + o.obSize) - n);
    for (long i = 0; i < n; i++) {
      long cell = s.u64(closure + o.tupleItems + 8 * i);
      long name = s.u64(names + o.tupleItems + 8 * (firstFree + i));
      sink.edge(cell, Label.ATTR, name);
    }
  }

  private void frame(long a, EdgeSink sink) {
    if (f.frameObjectLocalsPlus >= 0) {
      frames.frameObject(a, sink);
    } else if (f.frameObjectFrame >= 0) {
      long iframe = s.u64(a + f.frameObjectFrame);
      if (iframe != 0) {
        frames.interpreterFrame(iframe, sink);
      }
    }
  }

  private void generator(long a, TypeInfo t, EdgeSink sink) {
    if (f.genIFrame >= 0) {
      frames.interpreterFrame(a + f.genIFrame, sink);
      fields.scan(a, 16, f.genIFrame, t, Label.FIELD, sink);
    } else {
      fields.scan(a, 16, t.kindBasicSize(), t, Label.FIELD, sink);
    }
  }

  /** Attributes of an instance of a Python class: its dict or values, and its slots. */
  private void instanceAttributes(long a, TypeInfo t, EdgeSink sink) {
    long dict = instances.dict(a, t);
    if (dict != 0) {
      sink.edge(dict, Label.NAMESPACE, 0);
      dictEdges.namespace(dict, Label.ATTR, sink);
    } else {
      long values = instances.values(a, t);
      if (values != 0) {
        dicts.forEach(t.cachedKeys(), values, (key, value) -> {
          sink.edge(key, Label.COLLAPSE, 0);
          sink.edge(value, Label.ATTR, key);
        });
      }
    }
    TypeInfo.Slots slots = t.slots();
    for (int i = 0; i < slots.count(); i++) {
      sink.edge(s.u64(a + slots.offsets()[i]), Label.FIELD, fields.slotName(slots.names()[i]));
    }
  }
}
