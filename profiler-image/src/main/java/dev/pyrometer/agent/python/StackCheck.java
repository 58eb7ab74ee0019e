package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.memory.ScatterRead;
import dev.pyrometer.agent.memory.TargetGoneException;
import java.util.Arrays;

/**
 * Confirms, after the walk, that the stacks of a sample are stacks the threads really had. The
 * walk reads a thread's state, then its frames, then its code objects, at different instants (and
 * partly from the read-ahead batch, earlier still): a frame popped in between (its bytes stay in
 * memory), a callee re-called, a code object freed and its address reused, each joins pieces of
 * two different stacks. So everything a stack was built from is read again, all threads together
 * in one scatter read, frames and code objects first and the threads' current-frame pointers last,
 * and must be unchanged: every frame's links, code object and, for the callers (suspended while
 * their callee runs), position; every code object's identifying fields (or, from 3.14, for code
 * objects taken from the cache by address, every interpreter's code-object generation: no code
 * object was freed since they were verified); each thread on the innermost frame walked both
 * before and after everything else is read.
 * Only the innermost frame may have moved on within its own code.
 */
final class StackCheck {
  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final ScatterRead read = new ScatterRead();

  // per frame or code object to re-read (a "range"), in walk order
  private int ranges;
  private long[] addresses = new long[256];
  /** Frame: its previous-frame pointer; code object: its fingerprint. */
  private long[] expectedA = new long[256];
  /** Frame: its code pointer. */
  private long[] expectedB = new long[256];
  /** Frame: its position, or Long.MIN_VALUE when it may move (the innermost frame). */
  private long[] expectedC = new long[256];
  private byte[] kinds = new byte[256];
  private int[] threadOf = new int[256];
  private static final byte FRAME = 0;
  private static final byte CODE = 1;

  // per thread
  private int threads;
  private long[] currentFrameAt = new long[64];
  private long[] expectedCurrent = new long[64];
  private boolean[] holds = new boolean[64];

  private final CodeFingerprint fingerprint;
  /** Per thread: the read range of its current-frame pointer read before everything else, or -1. */
  private int[] leadingRange = new int[64];

  /** How a code object's identifying bytes become the value its cache entry was checked with. */
  interface CodeFingerprint {
    long of(byte[] code, int base);
  }

  private final java.util.function.LongConsumer stale;

  StackCheck(ProcessMemory memory, PythonLayout layout, CodeFingerprint fingerprint, java.util.function.LongConsumer stale) {
    this.memory = memory;
    this.layout = layout;
    this.fingerprint = fingerprint;
    this.stale = stale;
  }

  void clear() {
    ranges = 0;
    threads = 0;
    words = 0;
  }

  // values the whole sample relied on (3.14+ code-object generations): read last; any change fails every thread
  private int words;
  private long[] wordAt = new long[8];
  private long[] wordExpected = new long[8];
  private long[] wordMask = new long[8];

  /** A value the whole sample relied on, read with the current-frame pointers. */
  void unchanged(long address, long expected) {
    unchanged(address, expected, -1L);
  }

  /** The same for the bits of {@code mask} of the 8 bytes at {@code address} (a narrower value). */
  void unchanged(long address, long expected, long mask) {
    if (words == wordAt.length) {
      wordAt = Arrays.copyOf(wordAt, words * 2);
      wordExpected = Arrays.copyOf(wordExpected, words * 2);
      wordMask = Arrays.copyOf(wordMask, words * 2);
    }
    wordAt[words] = address;
    wordMask[words] = mask;
    wordExpected[words++] = expected;
  }

  /**
   * Starts a thread's entries. {@code currentFrameAt} is the address of the pointer to its
   * innermost frame (the thread state's field, or 3.11–3.12's C frame's), {@code current} what it
   * held; 0 for entries that are no one thread's (then only they are checked). Returns the
   * thread's index.
   */
  int thread(long currentFrameAt, long current) {
    if (threads == this.currentFrameAt.length) {
      int n = threads * 2;
      this.currentFrameAt = Arrays.copyOf(this.currentFrameAt, n);
      expectedCurrent = Arrays.copyOf(expectedCurrent, n);
      holds = Arrays.copyOf(holds, n);
    }
    codesOfThread.clear();
    this.currentFrameAt[threads] = currentFrameAt;
    expectedCurrent[threads] = current;
    return threads++;
  }

  /** Drops the entries of the last thread started (its walk failed or found no frames). */
  void abandonLastThread() {
    threads--;
    while (ranges > 0 && threadOf[ranges - 1] == threads) {
      ranges--;
    }
  }

  void frame(long address, long back, long code, long position, boolean innermost) {
    add(FRAME, address, back, code, innermost ? Long.MIN_VALUE : position);
  }

  void code(long address, long expectedFingerprint) {
    if (codesOfThread.add(address)) { // once per thread: a recursion runs one code object many times
      add(CODE, address, expectedFingerprint, 0, 0);
    }
  }

  private final LongVisitedSet codesOfThread = new LongVisitedSet(1024);

  private void add(byte kind, long address, long a, long b, long c) {
    if (ranges == addresses.length) {
      int n = ranges * 2;
      addresses = Arrays.copyOf(addresses, n);
      expectedA = Arrays.copyOf(expectedA, n);
      expectedB = Arrays.copyOf(expectedB, n);
      expectedC = Arrays.copyOf(expectedC, n);
      kinds = Arrays.copyOf(kinds, n);
      threadOf = Arrays.copyOf(threadOf, n);
    }
    addresses[ranges] = address;
    expectedA[ranges] = a;
    expectedB[ranges] = b;
    expectedC[ranges] = c;
    kinds[ranges] = kind;
    threadOf[ranges] = threads - 1;
    ranges++;
  }

  /** Reads everything again, in one system call, and decides for each thread. */
  void run() throws TargetGoneException {
    run(null);
  }

  /**
   * The same, but what {@code confirmedBy}'s second read holds (frames, current-frame pointers,
   * the words) is compared with that read instead of read now: the walk took those bytes from its
   * first read, one system call earlier. Code objects are always read now.
   */
  void run(ReadAhead confirmedBy) throws TargetGoneException {
    this.confirmedBy = confirmedBy;
    if (plan.sameAsLast(this)) {
      read.rearm(); // a steady program: the entries are where they were, so is the read's layout
    } else {
      planRead();
      plan.remember(this);
    }
    boolean atOnce = read.count() == 0 || readAtOnce(memory, read);
    interrupted = !atOnce || confirmedBy != null && !confirmedBy.secondReadAtOnce();
    if (interrupted) {
      Arrays.fill(holds, 0, threads, false); // the walk is taken again, with reads that are quick
    } else {
      decide();
    }
    this.confirmedBy = null;
  }

  /** Whether the last {@link #run} confirmed nothing because a read of it was interrupted ({@link #readAtOnce}). */
  boolean interrupted() {
    return interrupted;
  }

  private boolean interrupted;

  /**
   * Reads {@code read}; returns whether it was quick enough to stand for one instant. A confirming
   * read holds each thread's current-frame pointer at both ends, its frames in between: it proves
   * the stack whole only if nothing can happen in between. Quick, it spans a few microseconds; a
   * sampler preempted inside it (a busy machine) waits a scheduler slice, a millisecond or more,
   * and a program that repeats its stacks can then show the same pointers at both ends and, in
   * between, frames of other moments (3.8-3.10 reuse a code object's frame object at one address,
   * 3.11+ a data-stack slot), as if they had been one stack.
   */
  static boolean readAtOnce(ProcessMemory memory, ScatterRead read) throws TargetGoneException {
    if (!memory.changesWhileRead()) {
      memory.readAll(read);
      return true;
    }
    long started = System.nanoTime();
    memory.readAll(read);
    return System.nanoTime() - started <= SLOWEST_INSTANT_NANOS + SLOWEST_INSTANT_NANOS_PER_RANGE * read.count();
  }

  /** A read slower than this (plus per range) was interrupted: well above a quick one, below a scheduler slice. */
  private static final long SLOWEST_INSTANT_NANOS = 250_000;
  private static final long SLOWEST_INSTANT_NANOS_PER_RANGE = 2_000;

  /** The read's ranges, and where each entry's bytes are in it ({@link #rangeOf}, {@link #delta}). */
  private void planRead() {
    read.clear();
    // the current-frame pointers also first: a thread that left its innermost frame and entered
    // an equal one at the same address (3.8-3.10 reuse a code object's frame object, 3.11+ the
    // chunk slot) could otherwise be read between two calls, its caller back at the loop head,
    // and be on a frame at the same address again at the end of the read
    if (leadingRange.length < threads) {
      leadingRange = new int[threads * 2];
    }
    for (int t = 0; t < threads; t++) { // a pointer compared with a second read had its first read lead
      leadingRange[t] = currentFrameAt[t] == 0 || againOffset(currentFrameAt[t], 8) >= 0 ? -1 : read.add(currentFrameAt[t], 8);
    }
    int total = ranges + threads + words;
    if (rangeOf.length < total) {
      rangeOf = new int[total * 2];
      delta = new int[total * 2];
      order = new long[total * 2];
    }
    // after those pointers, frames and code objects, then the pointers again (the kernel reads
    // iovecs in order); within each group, entries that share a page are one iovec (a remote iovec costs
    // more than the bytes between two entries)
    merge(0, ranges);
    merge(ranges, total);
  }

  /** Compares what was read with what the walk relied on, thread by thread. */
  private void decide() {
    boolean wordsHold = true;
    for (int w = 0; w < words; w++) {
      int base = base(ranges + threads + w);
      wordsHold &= base >= 0 && (Bytes.getLong(bytes(ranges + threads + w), base) & wordMask[w]) == wordExpected[w];
    }
    Arrays.fill(holds, 0, threads, wordsHold);
    for (int i = 0; i < ranges && wordsHold; i++) {
      int t = threadOf[i];
      if (!holds[t]) {
        continue;
      }
      int base = base(i);
      byte[] d = bytes(i);
      if (base < 0) {
        holds[t] = false;
      } else if (kinds[i] == CODE) {
        holds[t] = fingerprint.of(d, base) == expectedA[i];
        if (!holds[t]) {
          stale.accept(addresses[i]); // another code object now: the cache must read it again
        }
      } else {
        holds[t] = Bytes.getLong(d, base + (int) layout.frameBack) == expectedA[i]
            && (Bytes.getLong(d, base + (int) layout.frameCode) & layout.executableMask) == expectedB[i]
            && (expectedC[i] == Long.MIN_VALUE || position(d, base) == expectedC[i]);
      }
    }
    for (int t = 0; t < threads; t++) {
      int base = base(ranges + t);
      int first = leadingRange[t];
      holds[t] &= currentFrameAt[t] == 0 || (base >= 0 && Bytes.getLong(bytes(ranges + t), base) == expectedCurrent[t]
          && (first < 0 || read.complete(first) && Bytes.getLong(read.data(), read.offset(first)) == expectedCurrent[t]));
    }
  }

  private final LastPlan plan = new LastPlan();

  /**
   * The addresses the last read was planned from. Sorting and merging the entries is a tenth of a
   * steady sample's cost; a steady program's next sample has the same entries, at the same
   * addresses, in the same order, and so the same plan. A plan made against a second read
   * ({@link #confirmedBy}) is never reused: which entries that read held is part of it.
   */
  private static final class LastPlan {
    private int ranges = -1;
    private int threads;
    private int words;
    private long[] addresses = new long[256];
    private byte[] kinds = new byte[256];
    private long[] currentFrameAt = new long[64];
    private long[] wordAt = new long[8];

    boolean sameAsLast(StackCheck c) {
      return c.confirmedBy == null && ranges == c.ranges && threads == c.threads && words == c.words
          && Arrays.equals(addresses, 0, ranges, c.addresses, 0, ranges)
          && Arrays.equals(kinds, 0, ranges, c.kinds, 0, ranges)
          && Arrays.equals(currentFrameAt, 0, threads, c.currentFrameAt, 0, threads)
          && Arrays.equals(wordAt, 0, words, c.wordAt, 0, words);
    }

    void remember(StackCheck c) {
      if (c.confirmedBy != null) {
        ranges = -1;
        return;
      }
      if (addresses.length < c.ranges) {
        addresses = new long[c.addresses.length];
        kinds = new byte[c.addresses.length];
      }
      if (currentFrameAt.length < c.threads) {
        currentFrameAt = new long[c.currentFrameAt.length];
      }
      if (wordAt.length < c.words) {
        wordAt = new long[c.wordAt.length];
      }
      ranges = c.ranges;
      threads = c.threads;
      words = c.words;
      System.arraycopy(c.addresses, 0, addresses, 0, ranges);
      System.arraycopy(c.kinds, 0, kinds, 0, ranges);
      System.arraycopy(c.currentFrameAt, 0, currentFrameAt, 0, threads);
      System.arraycopy(c.wordAt, 0, wordAt, 0, words);
    }
  }

  /** Where the second read of {@link #confirmedBy} holds these bytes, or -1. */
  private int againOffset(long address, int length) {
    return confirmedBy == null ? -1 : confirmedBy.findAgain(address, length);
  }

  /** log2 of the page size: the same-page test shifts (C1 compiles a long division to a runtime call). */
  private static final int PAGE_SHIFT = 12;
  /** Per entry (frames and code objects, then threads): its range in the read, its offset in it. */
  private int[] rangeOf = new int[512];
  private int[] delta = new int[512];
  private long[] order = new long[512];
  private int[] positionOf = new int[512];
  private final RunOrderSort runSort = new RunOrderSort();

  /** The ranges' source while {@link #run(ReadAhead)} runs with one, else null. */
  private ReadAhead confirmedBy;
  /** {@link #rangeOf} of an entry found in the second read of {@link #confirmedBy}. */
  private static final int IN_SECOND_READ = -2;
  /** {@link #rangeOf} of an entry while {@link #merge} places it. */
  private static final int TO_READ = -3;

  /** Where an entry's bytes start in {@link #bytes}; -1 when they could not be read. */
  private int base(int entry) {
    int r = rangeOf[entry];
    if (r == IN_SECOND_READ) {
      return delta[entry];
    }
    return r >= 0 && read.complete(r) ? read.offset(r) + delta[entry] : -1;
  }

  private byte[] bytes(int entry) {
    return rangeOf[entry] == IN_SECOND_READ ? confirmedBy.dataAgain() : read.data();
  }

  private long addressOf(int entry) {
    if (entry < ranges) {
      return addresses[entry];
    }
    return entry < ranges + threads ? currentFrameAt[entry - ranges] : wordAt[entry - ranges - threads];
  }

  private boolean isFrame(int entry) {
    return entry < ranges && kinds[entry] == FRAME;
  }

  private int lengthOf(int entry) {
    return entry < ranges ? (kinds[entry] == FRAME ? layout.frameReadSize : layout.codeReadSize) : 8;
  }

  /** Adds entries [from, to) to the read, sorted by address, merged where they share a page. */
  private void merge(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return;
    }
    if (n > 0xffff) {
      throw new IllegalStateException("too many entries to check: " + n);
    }
    if (positionOf.length < n) {
      positionOf = new int[n * 2];
    }
    int frames = 0; // to read
    for (int k = 0; k < n; k++) {
      int entry = from + k;
      long address = addressOf(entry);
      boolean code = entry < ranges && kinds[entry] == CODE; // always read now
      int again = address == 0 || code ? -1 : againOffset(address, lengthOf(entry));
      if (address == 0) { // a thread without a current-frame pointer to confirm
        rangeOf[entry] = -1;
      } else if (again >= 0) {
        rangeOf[entry] = IN_SECOND_READ;
        delta[entry] = again;
      } else {
        rangeOf[entry] = TO_READ;
        frames += isFrame(entry) ? 1 : 0;
      }
    }
    // user-space addresses are below 2^47: shifted by 16 they stay positive and sort as unsigned.
    // Frames first, back to front: a thread's frames come innermost first, i.e. at falling
    // addresses in its data-stack chunk, so they become one ascending run per thread; the rest
    // (code objects, current-frame pointers) after them, in walk order
    int nextFrame = frames - 1;
    int nextOther = frames;
    for (int k = 0; k < n; k++) {
      if (rangeOf[from + k] != TO_READ) {
        continue;
      }
      long address = addressOf(from + k);
      int position = isFrame(from + k) ? nextFrame-- : nextOther++;
      order[position] = (address << 16) | k;
      positionOf[k] = position;
    }
    int toRead = nextOther;
    runSort.sort(order, frames, toRead, positionOf);
    long start = 0;
    long end = 0;
    int range = read.count() - 1;
    boolean open = false;
    for (int k = 0; k < toRead; k++) {
      int i = from + (int) (order[k] & 0xffff);
      long a = addressOf(i);
      long e = a + lengthOf(i);
      if (open && (a <= end || a >>> PAGE_SHIFT == (end - 1) >>> PAGE_SHIFT)) {
        end = Math.max(end, e);
      } else {
        if (open) {
          read.add(start, (int) (end - start));
        }
        open = true;
        range++;
        start = a;
        end = e;
      }
      rangeOf[i] = range;
      delta[i] = (int) (a - start);
    }
    if (open) {
      read.add(start, (int) (end - start));
    }
  }

  /** A frame's position as the walker compares it: f_lasti (an int) before 3.11, a pointer after. */
  long position(byte[] bytes, int base) {
    return layout.frameModel == PythonLayout.FrameModel.FRAME_OBJECT
        ? Bytes.getInt(bytes, base + (int) layout.framePosition)
        : Bytes.getLong(bytes, base + (int) layout.framePosition);
  }

  boolean holds(int thread) {
    return holds[thread];
  }

  int threads() {
    return threads;
  }
}
