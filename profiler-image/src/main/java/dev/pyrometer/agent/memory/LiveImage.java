package dev.pyrometer.agent.memory;

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
  /** By page number (address >>> 12). */
  private final LongMap<Page> pages = new LongMap<>(1024);
  private long lastPage = -1;

  private static final class Page {
    final byte[] bytes;
    /** Read by a caller since it was read from the process (not only read ahead). */
    boolean used;

    Page(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  private byte[] last;
  /** Arrays of forgotten pages, reused for the next reads: a census re-reads about the same pages every tick. */
  private byte[][] spare = new byte[64][];
  private int spareCount;
  private final ScatterRead pageBatch = new ScatterRead();
  private long pageReads;
  private long scatterReads;
  private long prefetchedPages;

  /** @param maxPages pages kept at most; past it the cache starts over (bounds memory per sample) */
  public LiveImage(ProcessMemory memory, int maxPages) {
    this.memory = memory;
    this.maxPages = maxPages;
  }

  /** Drops every cached page: the next reads see the process as it is now. */
  public void forget() {
    dropPages();
    lastPage = -1;
    last = null;
  }

  /**
   * Forgets every page, then reads again, in one scatter read per 1,024 pages, those of the
   * forgotten ones that were readable and used (not only read ahead): a reader that walks mostly the same objects each time (a
   * task census) then finds its pages here instead of reading them one system call at a time.
   */
  public void refresh() {
    long[] starts = new long[pages.size()];
    int[] n = {0};
    pages.forEach((number, page) -> {
      if (page.used && page.bytes != UNREADABLE) {
        starts[n[0]++] = number << 12;
      }
    });
    forget();
    prefetch(starts, n[0], PAGE);
  }

  private void dropPages() {
    pages.forEach((number, page) -> keepSpare(page.bytes));
    pages.clear();
  }

  private void keepSpare(byte[] bytes) {
    if (bytes == UNREADABLE || spareCount >= maxPages) {
      return;
    }
    if (spareCount == spare.length) {
      spare = java.util.Arrays.copyOf(spare, spare.length * 2);
    }
    spare[spareCount++] = bytes;
  }

  private byte[] takeSpare() {
    if (spareCount == 0) {
      return null;
    }
    byte[] bytes = spare[--spareCount];
    spare[spareCount] = null;
    return bytes;
  }

  /** Pages read from the process since creation (a cost measure). */
  public long pageReads() {
    return pageReads;
  }

  private byte[] page(long address) {
    long number = address >>> 12;
    if (number == lastPage) {
      return last; // object readers read word after word of the same object
    }
    if (number == 0) {
      return UNREADABLE; // the NULL page
    }
    Page p = pages.get(number);
    if (p == null) {
      if (pages.size() >= maxPages) {
        dropPages();
      }
      byte[] bytes = takeSpare();
      bytes = bytes != null ? bytes : new byte[PAGE];
      pageReads++;
      try {
        memory.read(number << 12, bytes, 0, PAGE);
      } catch (MemoryReadException e) {
        keepSpare(bytes);
        bytes = UNREADABLE;
      }
      p = new Page(bytes);
      pages.put(number, p);
    }
    p.used = true;
    lastPage = number;
    last = p.bytes;
    return p.bytes;
  }

  /**
   * Reads ahead, in as few system calls as the process memory allows (one scatter read per 1,024
   * pages), every page not yet held that covers {@code [addresses[i], addresses[i] + length)}: the
   * object readers that follow find them here. Skipped when it would pass the page bound.
   */
  @Override
  public void prefetch(long[] addresses, int count, int length) {
    LongMap<Boolean> wanted = new LongMap<>(count);
    long[] starts = new long[Math.min(count * 2, maxPages)];
    int n = 0;
    collect:
    for (int i = 0; i < count; i++) {
      long a = addresses[i];
      if (a <= 0) {
        continue;
      }
      for (long number = a >>> 12; number <= (a + length - 1) >>> 12; number++) {
        if (pages.get(number) == null && wanted.get(number) == null) {
          if (n == starts.length || pages.size() + n >= maxPages) {
            break collect; // read what is collected; the rest is read on demand
          }
          wanted.put(number, Boolean.TRUE);
          starts[n++] = number << 12;
        }
      }
    }
    if (n == 0) {
      return;
    }
    byte[][] got = new byte[n][];
    for (int i = 0; i < n; i++) {
      got[i] = takeSpare();
    }
    memory.readPages(starts, n, got, pageBatch);
    pageReads += n;
    prefetchedPages += n;
    for (int i = 0; i < n; i++) {
      pages.put(starts[i] >>> 12, new Page(got[i] == null ? UNREADABLE : got[i]));
    }
    scatterReads++;
  }

  /** Reads from the process since creation: one per page read on demand, one per read-ahead (a batch of up to 1,024 pages). */
  public long readCalls() {
    return pageReads - prefetchedPages + scatterReads;
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

  private static final java.lang.invoke.VarHandle LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

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
      if (n == 8) {
        return (long) LONG.get(p, at);
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
