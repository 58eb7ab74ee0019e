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
   * into {@code out[i]} (a new array), or null for a page that cannot be read. Implementations may
   * read them all in one system call (a scatter read); this default reads them one by one.
   */
  default void readPages(long[] starts, int count, byte[][] out) {
    for (int i = 0; i < count; i++) {
      byte[] page = new byte[4096];
      try {
        read(starts[i], page, 0, page.length);
        out[i] = page;
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
