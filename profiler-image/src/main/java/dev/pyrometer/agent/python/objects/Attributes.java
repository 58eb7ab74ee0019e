package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.ObjectOffsets;

/**
 * Reads named values out of snapshot objects: a dict entry or instance attribute by name, and
 * small ints. For the few places the analyzer needs a Python-level value (thread names, module
 * files), not for the walk.
 */
public final class Attributes {
  private final MemoryImage s;
  private final ObjectOffsets o;
  private final TypeRegistry types;
  private final DictReader dicts;
  private final InstanceLayout instances;
  private final PyStrings strings;

  public Attributes(MemoryImage snapshot, ObjectOffsets offsets, TypeRegistry types) {
    this.s = snapshot;
    this.o = offsets;
    this.types = types;
    this.dicts = new DictReader(snapshot, offsets);
    this.instances = new InstanceLayout(snapshot, offsets);
    this.strings = new PyStrings(snapshot, offsets);
  }

  /** The value under str key {@code name} in a dict, or 0. */
  public long item(long dict, String name) {
    long[] found = {0};
    if (dict != 0) {
      dicts.forEach(dict, (key, value) -> {
        if (found[0] == 0 && strings.equalsAscii(key, name)) {
          found[0] = value;
        }
      });
    }
    return found[0];
  }

  /** Attribute {@code name} of an object: a module's global or an instance's attribute; 0 when absent. */
  public long attribute(long object, String name) {
    TypeInfo t = types.typeOf(object);
    if (t == null) {
      return 0;
    }
    if (t.kind() == TypeKind.MODULE) {
      return item(s.u64(object + o.moduleDict), name);
    }
    long dict = instances.dict(object, t);
    if (dict != 0) {
      return item(dict, name);
    }
    long values = instances.values(object, t);
    long[] found = {0};
    if (values != 0) {
      dicts.forEach(t.cachedKeys(), values, (key, value) -> {
        if (found[0] == 0 && strings.equalsAscii(key, name)) {
          found[0] = value;
        }
      });
    }
    return found[0];
  }

  /** The text of a str object, or null. */
  public String text(long str) {
    TypeInfo t = types.typeOf(str);
    return t != null && t.kind() == TypeKind.STR ? strings.text(str, 200) : null;
  }

  /** The value of an int object that fits in a long, or {@code fallback}. */
  public long intValue(long object, long fallback) {
    TypeInfo t = types.typeOf(object);
    if (t == null || t.kind() != TypeKind.INT) {
      return fallback;
    }
    long digits;
    boolean negative;
    if (o.longTag >= 0) {
      long tag = s.u64(object + o.longTag);
      digits = tag >>> o.longNonSizeBits;
      negative = (tag & 3) == 2;
    } else {
      long size = s.u64(object + o.obSize);
      digits = Math.abs(size);
      negative = size < 0;
    }
    if (digits > 2) {
      return fallback;
    }
    long value = 0;
    for (long i = digits - 1; i >= 0; i--) {
      value = (value << 30) | (s.u32(object + o.longDigits + 4 * i) & 0x3fffffffL);
    }
    return negative ? -value : value;
  }
}
