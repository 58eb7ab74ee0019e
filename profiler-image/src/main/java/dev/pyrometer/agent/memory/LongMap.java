package dev.pyrometer.agent.memory;

import java.util.Arrays;

/**
 * A map from remote addresses (or any long) to values: open addressing on a primitive key array
 * with a multiplicative hash. Addresses of objects and pages are aligned (their low 4 to 12 bits
 * are zero), which piles {@code HashMap<Long, ...>} keys into few buckets and boxes every key; the
 * sampler looks one up per frame, the task census several per task. Every key is allowed; values
 * may not be null (a null value marks a free slot). Not thread-safe.
 */
public final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;

  public LongMap() {
    this(16);
  }

  /** Sized so that {@code expected} entries fit without growing. */
  public LongMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
  }

  private static int slot(long key, int mask) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
    }
  }

  public void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  /** Receives an entry; the key stays a primitive (the page cache visits every page per sample). */
  @FunctionalInterface
  public interface EntryVisitor<V> {
    void accept(long key, V value);
  }

  /** Calls {@code action} for every entry, in no particular order. */
  @SuppressWarnings("unchecked")
  public void forEach(EntryVisitor<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  /** Tells whether an entry stays; the key stays a primitive. */
  @FunctionalInterface
  public interface EntryPredicate<V> {
    boolean test(long key, V value);
  }

  /**
   * Removes the entries {@code keep} rejects; it sees each entry once, so it may also release
   * what a rejected entry holds.
   */
  public void retainIf(EntryPredicate<V> keep) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length];
    values = new Object[oldKeys.length];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      @SuppressWarnings("unchecked")
      V v = (V) oldValues[i];
      if (v != null && keep.test(oldKeys[i], v)) {
        put(oldKeys[i], v);
      }
    }
  }

  public int size() {
    return size;
  }

  public void clear() {
    if (size > 0) {
      Arrays.fill(values, null);
      size = 0;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }
}
