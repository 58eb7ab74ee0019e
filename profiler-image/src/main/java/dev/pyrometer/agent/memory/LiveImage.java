package dev.pyrometer.agent.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MemoryImage} over a live process: reads whole 4 KiB pages and keeps them until
 * {@link #forget()}, so the object readers, which read word by word, cost one system call per page
 * touched. Between two {@code forget()} calls the view is one (possibly torn) picture: the caller
 * forgets once per sample. Pages that cannot be read read as zero. Not thread-safe.
 */
public final class LiveImage implements MemoryImage {
  private static final int PAGE = 4096;
  private static final byte[] UNREADABLE = new byte[0];

  private final ProcessMemory memory;
  private final int maxPages;
  private final Map<Long, byte[]> pages = new HashMap<>();
  private long pageReads;

  /** @param maxPages pages kept at most; past it the cache starts over (bounds memory per sample) */
  public LiveImage(ProcessMemory memory, int maxPages) {
    this.memory = memory;
    this.maxPages = maxPages;
  }

  /** Drops every cached page: the next reads see the process as it is now. */
  public void forget() {
    pages.clear();
  }

  /** Pages read from the process since creation (a cost measure). */
  public long pageReads() {
    return pageReads;
  }

  private byte[] page(long address) {
    long start = address & ~(PAGE - 1L);
    byte[] p = pages.get(start);
    if (p == null) {
      if (pages.size() >= maxPages) {
        pages.clear();
      }
      p = new byte[PAGE];
      pageReads++;
      try {
        memory.read(start, p, 0, PAGE);
      } catch (MemoryReadException e) {
        p = UNREADABLE;
      }
      pages.put(start, p);
    }
    return p;
  }

  @Override
  public boolean contains(long address, long length) {
    if (address <= 0 || length < 0) {
      return false;
    }
    for (long a = address & ~(PAGE - 1L); a < address + length; a += PAGE) {
      if (page(a) == UNREADABLE) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean read(long address, byte[] dst, int offset, int length) {
    if (!contains(address, length)) {
      return false;
    }
    int done = 0;
    while (done < length) {
      long a = address + done;
      byte[] p = page(a);
      int at = (int) (a & (PAGE - 1));
      int n = Math.min(length - done, PAGE - at);
      System.arraycopy(p, at, dst, offset + done, n);
      done += n;
    }
    return true;
  }

  private long bytes(long address, int n) {
    if (address <= 0) {
      return 0;
    }
    int at = (int) (address & (PAGE - 1));
    if (at + n <= PAGE) {
      byte[] p = page(address);
      if (p == UNREADABLE) {
        return 0;
      }
      long v = 0;
      for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | (p[at + i] & 0xff);
      }
      return v;
    }
    byte[] b = new byte[n];
    if (!read(address, b, 0, n)) {
      return 0;
    }
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  @Override
  public long u64(long address) {
    return bytes(address, 8);
  }

  @Override
  public int u32(long address) {
    return (int) bytes(address, 4);
  }

  @Override
  public int u16(long address) {
    return (int) bytes(address, 2);
  }

  @Override
  public int u8(long address) {
    return (int) bytes(address, 1);
  }
}
