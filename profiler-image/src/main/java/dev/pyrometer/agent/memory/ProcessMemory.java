package dev.pyrometer.agent.memory;

/**
 * Read-only access to another process's address space: a live process or an ELF core file.
 * Addresses are remote virtual addresses. Implementations are not thread-safe: each sampling
 * thread owns one.
 */
public interface ProcessMemory extends AutoCloseable {

  /**
   * Copies {@code length} bytes at {@code address} into {@code dst[offset..]}.
   *
   * @throws MemoryReadException when any byte of the range cannot be read (unmapped, changed under
   *     us, beyond the core file)
   */
  void read(long address, byte[] dst, int offset, int length) throws MemoryReadException;

  /**
   * Reads every range of the batch that can be read; the others stay incomplete. The default
   * reads them one by one; a live process does it in one system call.
   *
   * @throws TargetGoneException when the process no longer exists
   */
  default void readAll(ScatterRead batch) throws TargetGoneException {
    for (int i = 0; i < batch.count(); i++) {
      try {
        read(batch.address(i), batch.data(), batch.offset(i), batch.length(i));
        batch.markComplete(i);
      } catch (TargetGoneException e) {
        throw e;
      } catch (MemoryReadException e) {
        // this range is unreadable now; the caller reads it again on its own if it needs it
      }
    }
  }

  default byte[] read(long address, int length) throws MemoryReadException {
    byte[] out = new byte[length];
    read(address, out, 0, length);
    return out;
  }

  default long readLong(long address) throws MemoryReadException {
    byte[] b = new byte[8];
    read(address, b, 0, 8);
    return Bytes.getLong(b, 0);
  }

  default int readInt(long address) throws MemoryReadException {
    byte[] b = new byte[4];
    read(address, b, 0, 4);
    return Bytes.getInt(b, 0);
  }

  /**
   * Reads {@code count} whole 4 KiB pages at the page-aligned addresses {@code starts[0..count)}
   * into {@code out[i]} (a new array), or null for a page that cannot be read (or when the process
   * is gone). One {@link #readAll scatter read}: a live process reads them in one system call.
   */
  default void readPages(long[] starts, int count, byte[][] out) {
    final int page = 4096;
    ScatterRead batch = new ScatterRead();
    for (int i = 0; i < count; i++) {
      batch.add(starts[i], page);
    }
    try {
      readAll(batch);
    } catch (TargetGoneException gone) {
      java.util.Arrays.fill(out, 0, count, null);
      return;
    }
    for (int i = 0; i < count; i++) {
      if (batch.complete(i)) {
        out[i] = java.util.Arrays.copyOfRange(batch.data(), batch.offset(i), batch.offset(i) + page);
        continue;
      }
      // unreadable, or left by a batch that stopped after too many unreadable ranges: alone
      byte[] alone = new byte[page];
      try {
        read(starts[i], alone, 0, page);
        out[i] = alone;
      } catch (MemoryReadException e) {
        out[i] = null;
      }
    }
  }

  /** A name for messages, e.g. {@code pid 1234} or {@code core file core.1234}. */
  String describe();

  @Override
  void close();
}
