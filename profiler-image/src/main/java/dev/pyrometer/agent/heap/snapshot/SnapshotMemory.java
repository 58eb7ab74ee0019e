package dev.pyrometer.agent.heap.snapshot;

import dev.pyrometer.agent.memory.CStrings;
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
    return CStrings.read(this, address, max);
  }

  @Override
  public boolean changesWhileRead() {
    return false;
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
