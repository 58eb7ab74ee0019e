package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.ObjectOffsets;

/**
 * The size of an object as {@code sys.getsizeof} reports it (its {@code __sizeof__} plus the
 * header CPython allocates in front), and the memory it owns that {@code getsizeof} leaves out:
 * 3.11/3.12 instance values arrays and their prefix, 3.13+ inline values, heap types' member
 * tables.
 */
public final class ObjectSizes {
  /** Sizes past this are a torn read, not an object: the type's fixed size is used instead. */
  private static final long MAX_OBJECT = 1L << 40;
  /** Items per block of a {@code collections.deque} (CPython's BLOCKLEN). */
  public static final long DEQUE_BLOCK_ITEMS = 64;
  /** sizeof(block) of a deque: two links and 64 items. */
  private static final long DEQUE_BLOCK = 8 + 8 * DEQUE_BLOCK_ITEMS + 8;

  private final MemoryImage s;
  private final ObjectOffsets o;
  private final PyStrings strings;
  private final DictReader dicts;
  private final InstanceLayout instances;
  private final int minor;

  public ObjectSizes(MemoryImage snapshot, ObjectOffsets offsets) {
    this.s = snapshot;
    this.o = offsets;
    this.strings = new PyStrings(snapshot, offsets);
    this.dicts = new DictReader(snapshot, offsets);
    this.instances = new InstanceLayout(snapshot, offsets);
    this.minor = offsets.minor;
  }

  /** What {@code sys.getsizeof(obj)} returns for the object at {@code a}. */
  public long pythonSize(long a, TypeInfo t) {
    long size = switch (t.kind()) {
      case STR -> strings.sizeOf(a);
      case INT -> intSize(a, t);
      case BYTEARRAY -> byteArraySize(a, t);
      case LIST -> t.basicSize() + 8 * s.u64(a + o.listAllocated);
      case DICT -> dicts.sizeOf(a, t.basicSize());
      case SET -> t.basicSize() + (s.u64(a + o.setTable) != a + o.setSmallTable ? (s.u64(a + o.setMask) + 1) * o.setEntrySize : 0);
      case MODULE -> t.basicSize() + moduleState(a);
      case TYPE -> typeSize(a, t);
      case DEQUE -> t.basicSize() + dequeBlocks(a) * DEQUE_BLOCK;
      default -> generic(a, t);
    };
    if (size < 0 || size > MAX_OBJECT) {
      size = t.basicSize();
    }
    return size + t.preHeader();
  }

  /** Memory the object owns beyond {@link #pythonSize}. */
  public long overhead(long a, TypeInfo t) {
    long extra = 0;
    if (t.kind() == TypeKind.DICT) {
      extra += dicts.valuesOverhead(a);
    } else if (t.kind() == TypeKind.TYPE && isHeapType(a)) {
      extra += Math.max(0, s.u64(a + o.obSize)) * o.memberDefSize;
    }
    if (t.heap()) {
      extra += t.inlineValuesSize();
      long values = instances.values(a, t);
      if (values != 0 && t.inlineValuesSize() == 0) {
        extra += instances.separateValuesSize(values, dicts.sharedUsable(t.cachedKeys()));
      }
    }
    return extra > MAX_OBJECT ? 0 : extra;
  }

  /** {@code deque.__sizeof__}: its blocks, from the first item's block to the last. */
  private long dequeBlocks(long a) {
    long n = Math.max(0, s.u64(a + o.obSize));
    long leftIndex = Math.max(0, s.u64(a + 40));
    return (leftIndex + n + DEQUE_BLOCK_ITEMS) / DEQUE_BLOCK_ITEMS;
  }

  private long generic(long a, TypeInfo t) {
    if (t.itemSize() == 0) {
      return t.basicSize();
    }
    return t.basicSize() + t.itemSize() * Math.abs(s.u64(a + o.obSize));
  }

  /** The buffer: a raw allocation, or (3.15+) a bytes object whose header counts too. */
  private long byteArraySize(long a, TypeInfo t) {
    long size = t.basicSize() + s.u64(a + o.byteArrayAlloc);
    if (o.byteArrayBytesObject >= 0 && s.u64(a + o.byteArrayBytesObject) != 0) {
      size += o.bytesSval + 1;
    }
    return size;
  }

  private long intSize(long a, TypeInfo t) {
    if (o.longTag >= 0) {
      long digits = s.u64(a + o.longTag) >>> o.longNonSizeBits;
      return o.longDigits + 4 * Math.max(digits, 1);
    }
    long digits = Math.abs(s.u64(a + o.obSize));
    return o.longDigits + 4 * (minor >= 11 ? Math.max(digits, 1) : digits);
  }

  private long moduleState(long module) {
    if (o.moduleDef < 0) {
      return 0;
    }
    long def = s.u64(module + o.moduleDef);
    long size = def == 0 ? 0 : s.u64(def + o.moduleDefMSizeOffset);
    return size > 0 && size < MAX_OBJECT ? size : 0;
  }

  boolean isHeapType(long type) {
    return (s.u64(type + o.typeFlags) & o.flagHeapType) != 0;
  }

  /** {@code type.__sizeof__}: the heap type struct and its instances' shared keys. */
  private long typeSize(long a, TypeInfo meta) {
    if (!isHeapType(a)) {
      return o.sizeofTypeObject;
    }
    long keys = s.u64(a + o.heapTypeCachedKeys);
    return o.sizeofHeapTypeObject + (keys != 0 ? dicts.keysSize(keys) : 0);
  }
}
