package dev.pyrometer.agent.heap.snapshot;

import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;

/**
 * The snapshot seen as {@link ProcessMemory}, so the sampler's readers (code names, line tables,
 * strings) work on it unchanged. Ranges that were not copied (read-only file data such as C type
 * names) are read from the fallback, the live process, when there is one: that data is constant.
 */
public final class SnapshotMemory implements ProcessMemory {
  private final Snapshot snapshot;
  private final ProcessMemory fallback;

  public SnapshotMemory(Snapshot snapshot, ProcessMemory fallback) {
    this.snapshot = snapshot;
    this.fallback = fallback;
  }

  @Override
  public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
    if (snapshot.read(address, dst, offset, length)) {
      return;
    }
    if (fallback == null) {
      throw new MemoryReadException("0x" + Long.toHexString(address) + " is not in the snapshot", address);
    }
    fallback.read(address, dst, offset, length);
  }

  /** A NUL-terminated C string of at most {@code max} bytes, or null when unreadable. */
  public String cString(long address, int max) {
    byte[] buffer = new byte[max];
    int got = 0;
    // read in small steps: a string near the end of a mapping must not fail as a whole
    for (int step = 32; got < max; ) {
      int n = Math.min(step, max - got);
      try {
        read(address + got, buffer, got, n);
      } catch (MemoryReadException e) {
        break;
      }
      for (int i = got; i < got + n; i++) {
        if (buffer[i] == 0) {
          return new String(buffer, 0, i, java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      got += n;
    }
    return got == max ? new String(buffer, 0, max, java.nio.charset.StandardCharsets.UTF_8) : null;
  }

  @Override
  public String describe() {
    return "snapshot";
  }

  @Override
  public void close() {
    // the snapshot and the fallback belong to the caller
  }
}
