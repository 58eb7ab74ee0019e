package dev.pyrometer.agent.python.objects;

/**
 * One Python type as the walk needs it: how to decode its instances and what to call it.
 *
 * @param id dense id (index in the registry)
 * @param address remote address of the type object
 * @param name short name for paths: {@code dict}, {@code Row}
 * @param fullName qualified name for tables: {@code app.models.Row}, {@code collections.OrderedDict}
 * @param kind built-in layout of its instances (its own, or its nearest built-in base's)
 * @param kindBasicSize {@code tp_basicsize} of that built-in base: where subclass extras start
 * @param staticBasicSize {@code tp_basicsize} of its nearest static (C) ancestor, itself if static:
 *     where the fields of Python classes start
 * @param flags {@code tp_flags}
 * @param basicSize {@code tp_basicsize}
 * @param itemSize {@code tp_itemsize}
 * @param dictOffset {@code tp_dictoffset}
 * @param weakListOffset {@code tp_weaklistoffset}
 * @param preHeader bytes allocated before each instance (GC header, managed dict/weakref words)
 * @param heap a heap type (a class defined in Python, or by a C extension at run time)
 * @param slots {@code __slots__} and other object members of heap types: offsets and names
 * @param cachedKeys 3.11+: the shared keys of its instances' split dicts ({@code ht_cached_keys}), or 0
 * @param inlineValuesSize 3.13+: bytes of attribute values stored inside each instance, or 0
 */
public record TypeInfo(
    int id,
    long address,
    String name,
    String fullName,
    TypeKind kind,
    long kindBasicSize,
    long staticBasicSize,
    long flags,
    long basicSize,
    long itemSize,
    long dictOffset,
    long weakListOffset,
    int preHeader,
    boolean heap,
    Slots slots,
    long cachedKeys,
    long inlineValuesSize) {

  /** Object members ({@code T_OBJECT}/{@code T_OBJECT_EX}) of a heap type and its heap bases. */
  public record Slots(long[] offsets, String[] names) {
    public static final Slots NONE = new Slots(new long[0], new String[0]);

    public int count() {
      return offsets.length;
    }
  }

  public boolean hasFlag(long flag) {
    return flag != 0 && (flags & flag) != 0;
  }
}
