package dev.pyrometer.agent.memory;

import java.util.Arrays;

/**
 * A map from remote addresses to values, open addressing with a multiplicative hash. Addresses of
 * objects and pages are aligned (their low 4 to 12 bits are zero), which piles {@code HashMap<Long,
 * ...>} keys into few buckets; here they spread, and no key is boxed. Key 0 is not allowed (no
 * object lives at NULL). Not thread-safe.
 */
public final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;

  public LongMap() {
    this(16);
  }

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
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  public void put(long key, V value) {
    if (key == 0) {
      throw new IllegalArgumentException("key 0");
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  /** Calls {@code action} for every entry, in no particular order. */
  @SuppressWarnings("unchecked")
  public void forEach(java.util.function.BiConsumer<Long, V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  public int size() {
    return size;
  }

  public void clear() {
    if (size > 0) {
      Arrays.fill(keys, 0);
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
      if (oldKeys[i] != 0) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }
}
