package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.CodeInfo;
import java.util.Arrays;

/**
 * Frame ids of one sampler's Python frames, keyed by (code object serial, line): after the first
 * sample of a stack, turning its frames into call-tree ids costs a primitive lookup per frame,
 * with no {@link FrameKey} built and no boxed key hashed. Misses are interned in the shared table.
 */
final class FrameIds {
  private final StackSink sink;
  private long[] keys = new long[1024];
  private int[] ids = new int[1024];
  private int size;

  FrameIds(StackSink sink) {
    this.sink = sink;
    Arrays.fill(ids, -1);
  }

  int of(CodeInfo code, int line) {
    long key = ((long) code.serial() << 32) | (line & 0xffffffffL);
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (ids[i] >= 0) {
      if (keys[i] == key) {
        return ids[i];
      }
      i = (i + 1) & mask;
    }
    int id = sink.intern(FrameKey.python(code.name(), code.fileName(), line, code.firstLine()));
    keys[i] = key;
    ids[i] = id;
    if (++size * 2 > keys.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldIds = ids;
    keys = new long[oldKeys.length * 2];
    ids = new int[oldKeys.length * 2];
    Arrays.fill(ids, -1);
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldIds[j] >= 0) {
        int i = slot(oldKeys[j], mask);
        while (ids[i] >= 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        ids[i] = oldIds[j];
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
