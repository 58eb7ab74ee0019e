package dev.pyrometer.agent.python;

import java.util.Arrays;

/**
 * A small open-addressing set of addresses for cycle detection during one walk, cleared in O(1)
 * by bumping a stamp so the hot path allocates nothing.
 */
final class LongVisitedSet {
  private final long[] keys;
  private final int[] stamps;
  private final int mask;
  private int stamp = 1;

  LongVisitedSet(int capacityPowerOfTwo) {
    keys = new long[capacityPowerOfTwo];
    stamps = new int[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
  }

  void clear() {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(stamps, 0);
      stamp = 1;
    }
  }

  /** Adds the address; false when it was already there (a cycle). */
  boolean add(long key) {
    int i = (int) (mix(key) & mask);
    for (int probes = 0; probes <= mask; probes++) {
      if (stamps[i] != stamp) {
        stamps[i] = stamp;
        keys[i] = key;
        return true;
      }
      if (keys[i] == key) {
        return false;
      }
      i = (i + 1) & mask;
    }
    return true; // full: cannot tell, the depth bound still ends the walk
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
