package dev.pyrometer.agent.memory;

/**
 * Random-access reads of a target's memory by remote address where an unreadable word reads as
 * zero (a pointer there is NULL), the way object readers want it: a heap snapshot, or a window on
 * the live process. Callers that must tell "zero" from "not readable" check {@link #contains}.
 */
public interface MemoryImage {
  /** True when all of {@code [address, address+length)} can be read. */
  boolean contains(long address, long length);

  long u64(long address);

  int u32(long address);

  int u16(long address);

  int u8(long address);

  /** Copies bytes out; false (and nothing copied) when the range cannot be read. */
  boolean read(long address, byte[] dst, int offset, int length);

  /**
   * A hint: the caller is about to read {@code [addresses[i], addresses[i] + length)} for each of
   * the first {@code count} addresses. A live image reads them ahead in few system calls; a
   * snapshot has them already.
   */
  default void prefetch(long[] addresses, int count, int length) {}
}
