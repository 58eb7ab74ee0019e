package dev.pyrometer.agent.python.objects;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.python.layout.DictKeysLayout;
import dev.pyrometer.agent.python.layout.ObjectOffsets;

/**
 * Reads dicts of every layout: combined tables, split tables (shared keys, values apart; a
 * prefix before the values on 3.11/3.12, a header on 3.13+) and deleted entries, and sizes them
 * as {@code dict.__sizeof__} does.
 */
public final class DictReader {
  /** Tables above this many entries are not a dict we believe. */
  private static final long MAX_ENTRIES = 1L << 28;

  private final MemoryImage s;
  private final ObjectOffsets o;
  private final DictKeysLayout k;

  /** Receives the live entries of a dict. */
  @FunctionalInterface
  public interface EntryVisitor {
    void entry(long key, long value);
  }

  public DictReader(MemoryImage snapshot, ObjectOffsets offsets) {
    this.s = snapshot;
    this.o = offsets;
    this.k = offsets.keys;
  }

  public long used(long dict) {
    return s.u64(dict + o.dictUsed);
  }

  /** Calls the visitor for every live entry; returns how many. */
  public int forEach(long dict, EntryVisitor visitor) {
    long keys = s.u64(dict + o.dictKeys);
    long values = s.u64(dict + o.dictValues);
    return forEach(keys, values, visitor);
  }

  /** Entries of a keys table with optional split values (also instance values of 3.11+). */
  public int forEach(long keys, long values, EntryVisitor visitor) {
    if (keys == 0 || !s.contains(keys, k.indices)) {
      return 0;
    }
    long n = s.u64(keys + k.nentries);
    if (n < 0 || n > MAX_ENTRIES) {
      return 0;
    }
    long entrySize = entrySize(keys);
    long entries = entriesStart(keys);
    long keyOffset = entrySize == k.generalEntrySize ? 8 : 0;
    long valueOffset = keyOffset + 8;
    if (!s.contains(entries, n * entrySize)) {
      return 0;
    }
    long valueArray = values == 0 ? 0 : values + k.valuesArray;
    int live = 0;
    for (long i = 0; i < n; i++) {
      long entry = entries + i * entrySize;
      long key = s.u64(entry + keyOffset);
      long value = valueArray != 0 ? s.u64(valueArray + 8 * i) : s.u64(entry + valueOffset);
      if (key != 0 && value != 0) {
        visitor.entry(key, value);
        live++;
      }
    }
    return live;
  }

  private long slots(long keys) {
    return k.log2Sizes ? 1L << Math.min(40, s.u8(keys + k.log2Size)) : s.u64(keys + k.size);
  }

  private long indexBytes(long keys) {
    if (k.log2Sizes) {
      return 1L << Math.min(40, s.u8(keys + k.log2IndexBytes));
    }
    long size = slots(keys);
    long width = size <= 0xff ? 1 : size <= 0xffff ? 2 : size <= 0xffffffffL ? 4 : 8;
    return width * size;
  }

  private long entrySize(long keys) {
    if (!k.log2Sizes) {
      return k.generalEntrySize;
    }
    return s.u8(keys + k.kind) == k.kindGeneral ? k.generalEntrySize : k.unicodeEntrySize;
  }

  private long entriesStart(long keys) {
    return keys + k.indices + indexBytes(keys);
  }

  private static long usableFraction(long slots) {
    return (slots << 1) / 3;
  }

  /** {@code _PyDict_KeysSize}: header, index table and entry table of a keys object. */
  public long keysSize(long keys) {
    return k.header + indexBytes(keys) + usableFraction(slots(keys)) * entrySize(keys);
  }

  /** Values slots of a split table (3.11+: entries used plus still usable). */
  public long sharedUsable(long keys) {
    if (!k.log2Sizes) {
      return usableFraction(slots(keys));
    }
    return s.u64(keys + k.nentries) + s.u64(keys + k.usable);
  }

  /** True when the keys table belongs to this dict alone (split tables share it with a class). */
  public boolean ownsKeys(long keys) {
    return keys != 0 && s.u64(keys + k.refcnt) == 1;
  }

  /**
   * {@code dict.__sizeof__} without the GC header: the object, its keys table when not shared,
   * and its split values.
   */
  public long sizeOf(long dict, long basicSize) {
    long keys = s.u64(dict + o.dictKeys);
    long values = s.u64(dict + o.dictValues);
    long size = basicSize;
    if (values != 0) {
      size += sharedUsable(keys) * 8; // counted even when they live inside the instance (3.13+)
    }
    if (ownsKeys(keys)) {
      size += keysSize(keys);
    }
    return size;
  }

  /**
   * Memory of the split values that {@code __sizeof__} leaves out (their prefix or header), or,
   * for values embedded in their instance (3.13+), minus what it counts: the instance owns them.
   */
  public long valuesOverhead(long dict) {
    long values = s.u64(dict + o.dictValues);
    if (values == 0) {
      return 0;
    }
    if (embedded(values)) {
      return -sharedUsable(s.u64(dict + o.dictKeys)) * 8;
    }
    if (k.valuesCapacity >= 0) {
      long capacity = s.u8(values + k.valuesCapacity);
      return k.valuesArray + ((capacity + 7) & ~7L);
    }
    if (k.log2Sizes) {
      return s.u8(values - 1); // 3.11/3.12: the prefix length is stored just before the values
    }
    return 0;
  }

  /** 3.13+: the values live inside the instance that owns this dict (counted there). */
  public boolean embedded(long values) {
    return k.valuesEmbedded >= 0 && s.u8(values + k.valuesEmbedded) != 0;
  }
}
