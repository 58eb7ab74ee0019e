package dev.pyrometer.agent.heap.nativemem;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.proc.Mapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the resident memory of a process by what holds it, page by page: file mappings
 * (libraries and executables), thread stacks, glibc's main heap and its per-thread arenas,
 * glibc's mmapped chunks (large allocations), CPython's pymalloc pools, and what is left.
 * Allocator structures are recognised by their headers in the snapshot, not by mapping
 * boundaries: the kernel merges adjacent anonymous mappings.
 */
public final class RssBreakdown {
  /** glibc's HEAP_MAX_SIZE on 64-bit: non-main arena heaps are aligned to it. */
  private static final long ARENA_HEAP_ALIGN = 64L << 20;
  /** A guard below a thread stack is a page or a few; an arena's reserve is far larger. */
  private static final long MAX_STACK_GUARD = 64 * 1024;
  private static final long PAGE = Pagemap.PAGE;

  private final Snapshot s;
  private final PymallocPools pools;
  private long libraries;
  private long stacks;
  private long glibcHeap;
  private long mmappedChunks;
  private long pymalloc;
  private long other;

  private RssBreakdown(Snapshot snapshot, int minor) {
    this.s = snapshot;
    this.pools = new PymallocPools(snapshot, minor);
  }

  /**
   * Splits the resident memory.
   *
   * @param pythonObjectBytes bytes of the Python objects the walk found
   */
  public static NativeBreakdown compute(List<SmapsEntry> smaps, long rollupRss, ResidentPages resident,
      Snapshot snapshot, int minor, long pythonObjectBytes) {
    RssBreakdown b = new RssBreakdown(snapshot, minor);
    Mapping previous = null;
    for (SmapsEntry e : smaps) {
      b.classify(e, previous, resident);
      previous = e.mapping();
    }
    List<NativeBreakdown.Category> categories = new ArrayList<>(List.of(
        new NativeBreakdown.Category("pymalloc pools", b.pymalloc, "CPython's small-object allocator: Python objects of 512 bytes or less"),
        new NativeBreakdown.Category("glibc heap", b.glibcHeap, "malloc's main heap (brk) and per-thread arenas: larger Python objects and C allocations"),
        new NativeBreakdown.Category("glibc mmapped chunks", b.mmappedChunks, "large malloc allocations, each its own mapping (big lists, dict tables, buffers)"),
        new NativeBreakdown.Category("libraries and executables", b.libraries, "resident pages of the interpreter, extension modules and shared libraries"),
        new NativeBreakdown.Category("thread stacks", b.stacks, "the C stacks of the process's threads"),
        new NativeBreakdown.Category("other anonymous memory", b.other, "anonymous memory no allocator structure explains (other allocators, JIT, native buffers)")));
    categories.sort(Comparator.comparingLong(NativeBreakdown.Category::bytes).reversed());
    long sum = categories.stream().mapToLong(NativeBreakdown.Category::bytes).sum();
    return new NativeBreakdown(rollupRss, sum, categories, b.pools.summary(), pythonObjectBytes, b.other);
  }

  private void classify(SmapsEntry e, Mapping previous, ResidentPages resident) {
    Mapping m = e.mapping();
    if (e.rss() == 0) {
      return;
    }
    if (m.isFile()) {
      libraries += e.rss();
    } else if (m.path().equals("[stack]") || isThreadStack(m, previous)) {
      stacks += e.rss();
    } else if (m.path().equals("[heap]") || isArenaHeap(m)) {
      glibcHeap += e.rss();
    } else if (resident == null || !m.path().isEmpty() || !m.readable()) {
      other += e.rss();
    } else {
      splitAnonymous(m, resident);
    }
  }

  /** glibc thread stacks: an anonymous read-write mapping right above a small inaccessible guard. */
  private static boolean isThreadStack(Mapping m, Mapping previous) {
    return previous != null && previous.end() == m.start() && previous.inode() == 0 && previous.path().isEmpty()
        && previous.perms().startsWith("---") && previous.size() <= MAX_STACK_GUARD && m.writable();
  }

  /** A non-main arena heap: 64 MiB aligned, starting with a plausible {@code heap_info}. */
  private boolean isArenaHeap(Mapping m) {
    if ((m.start() & (ARENA_HEAP_ALIGN - 1)) != 0 || !s.contains(m.start(), 32)) {
      return false;
    }
    long arena = s.u64(m.start());
    long prev = s.u64(m.start() + 8);
    long size = s.u64(m.start() + 16);
    long protectedSize = s.u64(m.start() + 24);
    return arena != 0 && (arena & 7) == 0 && (prev & (ARENA_HEAP_ALIGN - 1)) == 0
        && size >= PAGE && size <= ARENA_HEAP_ALIGN && (size & (PAGE - 1)) == 0
        && protectedSize >= size && protectedSize <= ARENA_HEAP_ALIGN;
  }

  /** Page by page: pymalloc pools and mmapped chunks are found by their headers. */
  private void splitAnonymous(Mapping m, ResidentPages resident) {
    long[] chunkEnd = {0};
    long[] poolEnd = {0};
    resident.forEachPage(m.start(), m.end(), page -> {
      if (page < chunkEnd[0]) {
        mmappedChunks += PAGE;
      } else if (page < poolEnd[0]) {
        pymalloc += PAGE;
      } else if (pools.isPool(page)) {
        poolEnd[0] = page + pools.poolSize();
        pools.count(page, resident.bytes(page, poolEnd[0]));
        pymalloc += PAGE;
      } else {
        long chunk = mmappedChunkSize(page, m.end());
        if (chunk > 0) {
          chunkEnd[0] = page + chunk;
          mmappedChunks += PAGE;
        } else {
          other += PAGE;
        }
      }
    });
  }

  /**
   * Pages of the glibc mmapped chunk starting at {@code page}, or 0 when no such chunk header is
   * there. The chunk size is the mapping's (older glibc) or a few bytes short of it (2.41).
   */
  private long mmappedChunkSize(long page, long limit) {
    if (!s.contains(page, 16)) {
      return 0;
    }
    long prevSize = s.u64(page);
    long sizeField = s.u64(page + 8);
    long size = sizeField & ~7L;
    boolean isMmapped = (sizeField & 2) != 0 && (sizeField & 4) == 0;
    long span = (size + prevSize + PAGE - 1) & ~(PAGE - 1);
    return isMmapped && size >= PAGE && prevSize < PAGE && span - (size + prevSize) < 64
        && page + span <= limit ? span : 0;
  }
}
