package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.ObjectOffsets;

/**
 * Where an instance keeps its attributes: a {@code __dict__} pointer at {@code tp_dictoffset}
 * (≤3.10), managed dict and values words before the object (3.11: values at −32 and dict at −24;
 * 3.12: one tagged word at −24, values stored minus one), or values inline after the fixed part (3.13+).
 */
public final class InstanceLayout {
  private final MemoryImage s;
  private final ObjectOffsets o;
  private final int minor;

  public InstanceLayout(MemoryImage snapshot, ObjectOffsets offsets) {
    this.s = snapshot;
    this.o = offsets;
    this.minor = offsets.minor;
  }

  /** The instance's {@code __dict__} object, or 0 when it has none (yet). */
  public long dict(long object, TypeInfo type) {
    if (type.hasFlag(o.flagManagedDict)) {
      long word = s.u64(object - 24);
      return minor == 12 && (word & 1) != 0 ? 0 : word;
    }
    long offset = type.dictOffset();
    if (offset > 0 && offset + 8 <= type.basicSize()) {
      return s.u64(object + offset);
    }
    if (offset < 0 && type.itemSize() > 0) {
      // var-sized objects (int subclasses...): the dict follows the items
      long n = Math.abs(s.u64(object + o.obSize));
      long size = (type.basicSize() + n * type.itemSize() + 7) & ~7L;
      return s.u64(object + size + offset);
    }
    return 0;
  }

  /**
   * The instance's attribute values when they live outside a dict (3.11+): the values array
   * whose slots match the class's shared keys, or 0.
   */
  public long values(long object, TypeInfo type) {
    if (type.cachedKeys() == 0) {
      return 0;
    }
    if (type.inlineValuesSize() > 0) {
      long values = object + type.basicSize();
      return s.u8(values + 3) != 0 ? values : 0; // the "valid" byte
    }
    if (!type.hasFlag(o.flagManagedDict)) {
      return 0;
    }
    if (minor == 11) {
      return s.u64(object - 24) == 0 ? s.u64(object - 32) : 0;
    }
    if (minor == 12) {
      long word = s.u64(object - 24);
      return (word & 1) != 0 ? word + 1 : 0; // stored as values - 1
    }
    return 0;
  }

  /** Bytes of a separately allocated values array (3.11/3.12), prefix included. */
  public long separateValuesSize(long values, long slots) {
    if (values == 0 || minor >= 13) {
      return 0;
    }
    return s.u8(values - 1) + slots * 8;
  }
}
