package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.memory.ScatterRead;
import dev.pyrometer.agent.memory.TargetGoneException;
import java.util.Arrays;

/**
 * Reads at the start of a sample, in one scatter read, every range the previous sample needed:
 * the interpreter-list head, the interpreter's fields, the thread states, the live part of the
 * data-stack chunks, frames outside them (code objects are verified by the {@link StackCheck}
 * instead). In a steady program the stacks live at the same addresses sample after sample, so the
 * walk costs one system call instead of 8 (3.15) to 25 (3.8, one per frame object), and the check
 * one more.
 *
 * <p>The batch is not one instant: the kernel copies its ranges one after the other, in address
 * order, so a thread state may be newer than the frames it points at (a trace of such a sample:
 * a callee that had returned, on top of its caller already at its next line). The walker follows
 * the pointers of this sample and takes bytes from here when the range it needs was read in this
 * sample's batch; what is not here is read directly and wanted for the next sample; and the
 * {@link StackCheck} decides whether the result is one stack.
 */
final class ReadAhead {
  /** Bounds on what one batch may read (process_vm_readv takes at most 1024 iovecs). */
  static final int MAX_RANGES = 1000;
  static final int MAX_BYTES = 1 << 20;
  /** log2 of the page size: the same-page test shifts (C1 compiles a long division to a runtime call). */
  private static final int PAGE_SHIFT = 12;

  private final ProcessMemory memory;
  private final ScatterRead batch = new ScatterRead();
  /** The batch's ranges read a second time, by {@link #beginTwice()}. */
  private final ScatterRead again = new ScatterRead();
  /** Ranges wanted during the current sample, for the next one. */
  private long[] wantedAddresses = new long[128];
  private int[] wantedLengths = new int[128];
  private long[] order = new long[128];
  private int wanted;
  private int wantedBytes;
  /** The wanted ranges the batch was built from, and their count (-1: none): when they recur, no sort and merge. */
  private long[] builtAddresses = new long[128];
  private int[] builtLengths = new int[128];
  private int builtCount = -1;
  /** Sorted start and end of the batch's ranges after merging, for lookups. */
  private long[] starts = new long[128];
  private long[] ends = new long[128];

  /** Whether the plan keeps the ranges of earlier walks (see {@link #accumulating}). */
  private final boolean accumulates;
  private final int maxRanges;
  private final int maxBytes;
  /** With {@link #accumulates}: where the current walk's wants start, after the kept ranges. */
  private int currentFrom;

  ReadAhead(ProcessMemory memory) {
    this(memory, false, MAX_RANGES, MAX_BYTES);
  }

  private ReadAhead(ProcessMemory memory, boolean accumulates, int maxRanges, int maxBytes) {
    this.memory = memory;
    this.accumulates = accumulates;
    this.maxRanges = maxRanges;
    this.maxBytes = maxBytes;
  }

  /**
   * A plan that reads what every recent walk wanted, not only the last one, up to a bound (then
   * it starts again from the last walk's ranges). For a thread whose stack keeps changing between
   * a few paths: the frames of every path are then in the read, wherever the thread is (3.8–3.10
   * reuse one frame object per code object, so each path's frames stay at their addresses).
   */
  static ReadAhead accumulating(ProcessMemory memory, int maxRanges, int maxBytes) {
    return new ReadAhead(memory, true, maxRanges, maxBytes);
  }

  /** Reads what the previous sample wanted, and starts recording what this one wants. */
  void begin() throws TargetGoneException {
    buildBatch();
    again.clear();
    wanted = 0;
    wantedBytes = 0;
    currentFrom = 0; // nothing kept while the kept ranges are wanted again
    if (batch.count() > 0) {
      memory.readAll(batch);
    }
    if (accumulates) { // the merged ranges read are the plan's kept part; unreadable ones are dropped
      for (int i = 0; i < batch.count(); i++) {
        if (batch.complete(i)) {
          want(batch.address(i), batch.length(i));
        }
      }
      currentFrom = wanted;
    }
  }

  /** Whether the plan has ranges to read (an accumulating one keeps them across walks). */
  boolean hasPlan() {
    return wanted > 0;
  }

  /**
   * Like {@link #begin()}, then reads the same ranges again at once: the walk takes its bytes from
   * the first read, and whatever it relied on is confirmed against the second ({@link
   * #findAgain}). The two reads are one system call apart, a far narrower window than the walk
   * between a read and a later check: a stack that changes every few microseconds can still be
   * caught whole.
   */
  void beginTwice() throws TargetGoneException {
    begin();
    for (int i = 0; i < batch.count(); i++) {
      again.add(batch.address(i), batch.length(i));
    }
    againAtOnce = again.count() == 0 || StackCheck.readAtOnce(memory, again);
  }

  /** Whether the second read of {@link #beginTwice} was quick enough to confirm anything (see {@link StackCheck#readAtOnce}). */
  boolean secondReadAtOnce() {
    return againAtOnce;
  }

  private boolean againAtOnce;

  /** Where the bytes at {@code address} are in {@link #dataAgain()}; -1 when the second read has none. */
  int findAgain(long address, int length) {
    int i = rangeHolding(address, length);
    return i < 0 || i >= again.count() || !again.complete(i) ? -1 : again.offset(i) + (int) (address - starts[i]);
  }

  byte[] dataAgain() {
    return again.data();
  }

  /** Forgets the plan, e.g. after a failed sample whose ranges may all be stale. */
  void reset() {
    wanted = 0;
    wantedBytes = 0;
    currentFrom = 0;
    batch.clear();
    again.clear();
    builtCount = -1;
  }

  /** Asks for a range to be read ahead in the next sample. */
  void want(long address, int length) {
    if (length <= 0 || address <= 0 || address >= 1L << 47) {
      return;
    }
    if (accumulates && currentFrom > 0 && (wanted == maxRanges || wantedBytes + length > maxBytes)) {
      dropKeptRanges();
    }
    if (wanted == maxRanges || wantedBytes + length > maxBytes) {
      return;
    }
    if (wanted == wantedAddresses.length) {
      wantedAddresses = Arrays.copyOf(wantedAddresses, wanted * 2);
      wantedLengths = Arrays.copyOf(wantedLengths, wanted * 2);
    }
    wantedAddresses[wanted] = address;
    wantedLengths[wanted] = length;
    wanted++;
    wantedBytes += length;
  }

  /** The plan is full: it keeps only what the current walk wanted. */
  private void dropKeptRanges() {
    int n = wanted - currentFrom;
    System.arraycopy(wantedAddresses, currentFrom, wantedAddresses, 0, n);
    System.arraycopy(wantedLengths, currentFrom, wantedLengths, 0, n);
    wanted = n;
    wantedBytes = 0;
    for (int i = 0; i < n; i++) {
      wantedBytes += wantedLengths[i];
    }
    currentFrom = 0;
  }

  /**
   * Where the bytes {@code [address, address + length)} are in {@link #data()}, when this sample's
   * batch read them; -1 otherwise.
   */
  int find(long address, int length) {
    int i = rangeHolding(address, length);
    return i < 0 || !batch.complete(i) ? -1 : batch.offset(i) + (int) (address - starts[i]);
  }

  /** The batch range that holds {@code [address, address + length)}, or -1. */
  private int rangeHolding(long address, int length) {
    int lo = 0;
    int hi = batch.count() - 1;
    while (lo <= hi) { // the last range starting at or before address
      int mid = (lo + hi) >>> 1;
      if (starts[mid] <= address) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi < 0 || address + length > ends[hi] ? -1 : hi;
  }

  byte[] data() {
    return batch.data();
  }

  /** Ranges in the batch being served (after merging), for tests and benchmarks. */
  int ranges() {
    return batch.count();
  }

  /**
   * Sorts the wanted ranges by address and merges those that overlap or share a page (the bytes
   * between them are then mapped too), so each batch range is one iovec.
   */
  private void buildBatch() {
    if (wanted > 0 && wanted == builtCount && Arrays.equals(wantedAddresses, 0, wanted, builtAddresses, 0, wanted)
        && Arrays.equals(wantedLengths, 0, wanted, builtLengths, 0, wanted)) {
      batch.rearm(); // a steady program wants the same ranges in the same order: the same batch
      return;
    }
    batch.clear();
    builtCount = wanted;
    if (wanted == 0) {
      return;
    }
    if (builtAddresses.length < wanted) {
      builtAddresses = new long[wantedAddresses.length];
      builtLengths = new int[wantedAddresses.length];
    }
    System.arraycopy(wantedAddresses, 0, builtAddresses, 0, wanted);
    System.arraycopy(wantedLengths, 0, builtLengths, 0, wanted);
    if (order.length < wanted) {
      order = new long[wantedAddresses.length];
    }
    for (int i = 0; i < wanted; i++) {
      // user-space addresses are below 2^47: shifted, they stay positive and sort as unsigned
      order[i] = (wantedAddresses[i] << 16) | i;
    }
    Arrays.sort(order, 0, wanted);
    if (starts.length < wanted) {
      starts = new long[wantedAddresses.length];
      ends = new long[wantedAddresses.length];
    }
    int n = 0;
    long start = 0;
    long end = 0;
    for (int k = 0; k < wanted; k++) {
      int i = (int) (order[k] & 0xffff);
      long a = wantedAddresses[i];
      long e = a + wantedLengths[i];
      if (k > 0 && (a <= end || (a >>> PAGE_SHIFT) == ((end - 1) >>> PAGE_SHIFT))) {
        end = Math.max(end, e);
        continue;
      }
      if (k > 0) {
        starts[n] = start;
        ends[n++] = end;
      }
      start = a;
      end = e;
    }
    starts[n] = start;
    ends[n++] = end;
    for (int i = 0; i < n; i++) {
      batch.add(starts[i], (int) (ends[i] - starts[i]));
    }
  }
}
