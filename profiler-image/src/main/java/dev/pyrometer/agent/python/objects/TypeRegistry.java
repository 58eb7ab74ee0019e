package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.CStrings;
import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.python.PythonPointers;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types met during a walk, validated once each: a candidate pointer is only taken for an
 * object when its {@code ob_type} is a ready type object whose own type is {@code type} or a
 * metaclass. Types get dense ids so the object table stores an int per object.
 */
public final class TypeRegistry {
  private static final int MAX_REJECTED = 1 << 16;
  private static final int T_OBJECT = 6;
  private static final int T_OBJECT_EX = 16;

  private final MemoryImage s;
  private final ObjectOffsets o;
  private final BuiltinTypes builtins;
  private final ProcessMemory memory;
  private final PyStrings strings;
  private final DictReader dicts;
  private final int minor;
  private final Map<Long, TypeInfo> byAddress = new HashMap<>();
  private final Map<Long, Boolean> rejected = new HashMap<>();
  private final List<TypeInfo> all = new ArrayList<>();
  /** Most objects have one of a few types: a direct-mapped cache spares the boxed map lookup. */
  private static final int CACHE = 1024;
  private final TypeInfo[] recent = new TypeInfo[CACHE];

  public TypeRegistry(MemoryImage snapshot, ObjectOffsets offsets, BuiltinTypes builtins, ProcessMemory memory) {
    this.s = snapshot;
    this.o = offsets;
    this.builtins = builtins;
    this.memory = memory;
    this.strings = new PyStrings(snapshot, offsets);
    this.dicts = new DictReader(snapshot, offsets);
    this.minor = offsets.minor;
  }

  /** The type of the object at {@code object}, or null when it is not a valid object. */
  public TypeInfo typeOf(long object) {
    if (!PythonPointers.plausible(object) || !s.contains(object, 16)) {
      return null;
    }
    return resolve(s.u64(object + o.obType));
  }

  /** The type at {@code address}, or null when no valid type object is there. */
  public TypeInfo resolve(long address) {
    int slot = (int) (address >>> 4) & (CACHE - 1);
    TypeInfo cached = recent[slot];
    if (cached != null && cached.address() == address) {
      return cached;
    }
    TypeInfo known = byAddress.get(address);
    if (known != null) {
      recent[slot] = known;
      return known;
    }
    if (rejected.containsKey(address) || !looksLikeType(address)) {
      if (rejected.size() < MAX_REJECTED) {
        rejected.put(address, Boolean.TRUE);
      }
      return null;
    }
    TypeInfo info = describe(address, all.size());
    byAddress.put(address, info);
    all.add(info);
    return info;
  }

  public TypeInfo get(int id) {
    return all.get(id);
  }

  public int size() {
    return all.size();
  }

  public List<TypeInfo> all() {
    return all;
  }

  private boolean looksLikeType(long t) {
    if (!PythonPointers.plausible(t) || !s.contains(t, o.sizeofTypeObject)) {
      return false;
    }
    long meta = s.u64(t + o.obType);
    if (!PythonPointers.plausible(meta) || !s.contains(meta, o.sizeofTypeObject)) {
      return false;
    }
    long metaFlags = s.u64(meta + o.typeFlags);
    long flags = s.u64(t + o.typeFlags);
    long basic = s.u64(t + o.typeBasicSize);
    long item = s.u64(t + o.typeItemSize);
    return (metaFlags & o.flagTypeSubclass) != 0 && (flags & o.flagReady) != 0
        && basic >= 16 && basic < (1 << 24) && item >= 0 && item < (1 << 16)
        && PythonPointers.plausibleCString(s.u64(t + o.typeName));
  }

  private TypeInfo describe(long t, int id) {
    long flags = s.u64(t + o.typeFlags);
    boolean heap = (flags & o.flagHeapType) != 0;
    TypeKind kind = TypeKind.OTHER;
    long kindBasic = 16;
    long b = t;
    for (int depth = 0; depth < 64 && b != 0 && s.contains(b, o.sizeofTypeObject); depth++) {
      TypeKind k = builtins.kindOf(b);
      if (k == null && "collections.deque".equals(CStrings.read(memory, s.u64(b + o.typeName), 32))) {
        k = TypeKind.DEQUE;
      }
      if (k != null) {
        kind = k;
        kindBasic = s.u64(b + o.typeBasicSize);
        break;
      }
      b = s.u64(b + o.typeBase);
    }
    long staticBasic = s.u64(t + o.typeBasicSize);
    for (long c = t; c != 0 && (s.u64(c + o.typeFlags) & o.flagHeapType) != 0; c = s.u64(c + o.typeBase)) {
      long base = s.u64(c + o.typeBase);
      staticBasic = base == 0 ? 16 : s.u64(base + o.typeBasicSize);
    }
    String cName = CStrings.read(memory, s.u64(t + o.typeName), 200);
    if (cName == null) {
      cName = "?";
    }
    String name;
    String fullName;
    if (heap) {
      String qualname = strings.text(s.u64(t + o.heapTypeQualname), 200);
      name = qualname != null ? qualname : cName;
      String module = moduleOf(s.u64(t + o.typeDict));
      fullName = module == null || module.equals("builtins") ? name : module + "." + name;
    } else {
      fullName = cName;
      name = cName.substring(cName.lastIndexOf('.') + 1);
    }
    long cachedKeys = heap && minor >= 11 ? s.u64(t + o.heapTypeCachedKeys) : 0;
    long inline = 0;
    if ((flags & o.flagInlineValues) != 0 && o.flagInlineValues != 0 && cachedKeys != 0) {
      long n = dicts.sharedUsable(cachedKeys);
      inline = ((n + 7) & ~7L) + (n + 1) * 8;
    }
    return new TypeInfo(id, t, name, fullName, kind, kindBasic, staticBasic, flags, s.u64(t + o.typeBasicSize),
        s.u64(t + o.typeItemSize), s.u64(t + o.typeDictOffset), s.u64(t + o.typeWeakListOffset), preHeader(flags), heap,
        heap ? slotsOf(t) : TypeInfo.Slots.NONE, cachedKeys, inline);
  }

  /** Bytes CPython allocates in front of each instance ({@code _PyType_PreHeaderSize}). */
  private int preHeader(long flags) {
    int size = (flags & o.flagHaveGc) != 0 ? (int) o.gcHeadSize : 0;
    long managed = minor >= 12 ? o.flagManagedDict | o.flagManagedWeakref : o.flagManagedDict;
    if (managed != 0 && (flags & managed) != 0) {
      size += 16;
    }
    return size;
  }

  private String moduleOf(long typeDict) {
    if (typeDict == 0) {
      return null;
    }
    String[] found = {null};
    dicts.forEach(typeDict, (key, value) -> {
      if (found[0] == null && strings.equalsAscii(key, "__module__")) {
        found[0] = strings.text(value, 200);
      }
    });
    return found[0];
  }

  /** Object members of a heap type and its heap bases: {@code __slots__} in Python classes. */
  private TypeInfo.Slots slotsOf(long t) {
    List<Long> offsets = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (long b = t; b != 0 && (s.u64(b + o.typeFlags) & o.flagHeapType) != 0; b = s.u64(b + o.typeBase)) {
      long meta = s.u64(b + o.obType);
      long members = b + s.u64(meta + o.typeBasicSize);
      long count = s.u64(b + o.obSize);
      for (long i = 0; i < Math.min(count + 4, 4096); i++) {
        long m = members + i * o.memberDefSize;
        long namePtr = s.u64(m + o.memberDefName);
        if (namePtr == 0) {
          break;
        }
        int type = s.u32(m + o.memberDefType);
        long offset = s.u64(m + o.memberDefOffset);
        if ((type == T_OBJECT || type == T_OBJECT_EX) && offset >= 16 && offset < (1 << 20) && !offsets.contains(offset)) {
          String name = CStrings.read(memory, namePtr, 128);
          offsets.add(offset);
          names.add(name == null ? "+" + offset : name);
        }
      }
      if (offsets.size() > 4096) {
        break;
      }
    }
    if (offsets.isEmpty()) {
      return TypeInfo.Slots.NONE;
    }
    return new TypeInfo.Slots(offsets.stream().mapToLong(Long::longValue).toArray(), names.toArray(String[]::new));
  }
}
