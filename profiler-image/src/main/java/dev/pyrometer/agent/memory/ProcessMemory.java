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
   * into {@code out[i]}, or sets it to null for a page that cannot be read (or when the process is
   * gone). A 4 KiB array already in {@code out[i]} is reused (a caller reading the same pages
   * every sample allocates nothing); otherwise a new one is made. One {@link #readAll scatter
   * read} into {@code batch}, which the caller keeps between calls so that it stops growing: a live
   * process reads them in one system call.
   */
  default void readPages(long[] starts, int count, byte[][] out, ScatterRead batch) {
    final int page = 4096;
    batch.clear();
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
      byte[] into = out[i] != null && out[i].length == page ? out[i] : new byte[page];
      if (batch.complete(i)) {
        System.arraycopy(batch.data(), batch.offset(i), into, 0, page);
        out[i] = into;
        continue;
      }
      // unreadable, or left by a batch that stopped after too many unreadable ranges: alone
      try {
        read(starts[i], into, 0, page);
        out[i] = into;
      } catch (MemoryReadException e) {
        out[i] = null;
      }
    }
  }

  /**
   * Whether the bytes can change while they are read (a running process): then only a quick read
   * stands for one instant. A core file or a heap snapshot does not change.
   */
  default boolean changesWhileRead() {
    return true;
  }

  /** A name for messages, e.g. {@code pid 1234} or {@code core file core.1234}. */
  String describe();

  @Override
  void close();
}
