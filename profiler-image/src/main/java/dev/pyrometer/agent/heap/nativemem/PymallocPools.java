package dev.pyrometer.agent.heap.nativemem;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises CPython's pymalloc pools by their headers (Objects/obmalloc.c {@code pool_header}:
 * count, freeblock, next/prev pool, arena index, size class, next/max offsets), which works on
 * stripped builds too, and sums what they hold. Pools are 16 KiB in 3.10+ (4 KiB before), in
 * 1 MiB (256 KiB) arenas; size classes step by 16 bytes up to 512.
 */
final class PymallocPools {
  private static final int HEADER = 48;
  private static final int ALIGNMENT = 16;
  private static final int SIZE_CLASSES = 512 / ALIGNMENT;

  private final Snapshot s;
  private final long poolSize;
  private final Set<Integer> arenas = new HashSet<>();
  private long pools;
  private long usedBlockBytes;
  private long residentBytes;

  PymallocPools(Snapshot snapshot, int minor) {
    this.s = snapshot;
    this.poolSize = minor >= 10 ? 16 * 1024 : 4 * 1024;
  }

  long poolSize() {
    return poolSize;
  }

  /** True when a valid pool header starts at {@code address} (pool-aligned). */
  boolean isPool(long address) {
    if ((address & (poolSize - 1)) != 0 || !s.contains(address, HEADER)) {
      return false;
    }
    long szidx = s.u32(address + 36) & 0xffffffffL;
    if (szidx >= SIZE_CLASSES) {
      return false;
    }
    long size = (szidx + 1) * ALIGNMENT;
    long count = s.u32(address) & 0xffffffffL;
    long nextOffset = s.u32(address + 40) & 0xffffffffL;
    long maxNextOffset = s.u32(address + 44) & 0xffffffffL;
    long arena = s.u32(address + 32) & 0xffffffffL;
    return maxNextOffset == poolSize - size
        && nextOffset >= HEADER && nextOffset <= maxNextOffset + size && (nextOffset - HEADER) % size == 0
        && count <= (poolSize - HEADER) / size
        && arena < (1 << 24);
  }

  /** Adds one recognised pool and its resident bytes. */
  void count(long address, long resident) {
    long size = ((s.u32(address + 36) & 0xffffffffL) + 1) * ALIGNMENT;
    pools++;
    arenas.add(s.u32(address + 32));
    usedBlockBytes += (s.u32(address) & 0xffffffffL) * size;
    residentBytes += resident;
  }

  NativeBreakdown.Pymalloc summary() {
    return pools == 0 ? null : new NativeBreakdown.Pymalloc(arenas.size(), pools, pools * poolSize, usedBlockBytes, residentBytes);
  }
}
