package dev.pyrometer.agent.python;

import java.util.Arrays;

/**
 * A map from remote addresses to values, open addressing on a primitive key array: the sampler
 * looks up every frame's code object, and a {@code HashMap<Long, ...>} would box each key.
 *
 * @param <V> value type
 */
final class LongKeyedMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  LongKeyedMap(int capacityPowerOfTwo) {
    keys = new long[capacityPowerOfTwo];
    values = new Object[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      Object v = values[i];
      if (v == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) v;
      }
    }
  }

  void put(long key, V value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
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

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
