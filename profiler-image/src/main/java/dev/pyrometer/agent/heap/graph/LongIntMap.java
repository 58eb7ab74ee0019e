package dev.pyrometer.agent.heap.graph;

import java.util.Arrays;

/**
 * An open-addressing map from non-zero {@code long} keys to {@code int} values, in two primitive
 * arrays (about 24 bytes per entry): interning tables of the path trie, where a {@code HashMap}
 * would cost an object per entry.
 */
public final class LongIntMap {
  private static final double LOAD = 0.6;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  public LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, (int) (expected / LOAD)) - 1) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  /** The value for {@code key}, or {@code missing}. */
  public int get(long key, int missing) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return missing;
      }
    }
  }

  /** Stores the value; {@code key} must not be 0. */
  public void put(long key, int value) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = value;
        if (++size > keys.length * LOAD) {
          grow();
        }
        return;
      }
    }
  }

  public int size() {
    return size;
  }

  private int slot(long key) {
    return Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  /** Bytes held, for the analyzer's own memory accounting. */
  public long footprint() {
    return keys.length * 12L;
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }
}
