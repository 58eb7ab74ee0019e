package dev.pyrometer.agent.heap.snapshot;

import com.sun.jna.Memory;
import dev.pyrometer.agent.memory.MemoryImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A private copy of a target's writable memory, held off-heap, read by remote address. Reads
 * outside the copied ranges return zero (a pointer read there is NULL): callers that must tell
 * apart check {@link #contains} first. Not thread-safe (a last-hit cache speeds up runs of reads
 * in one region).
 */
public final class Snapshot implements MemoryImage, AutoCloseable {
  /** One copied range; big ranges are cut into segments of at most this size (int indexing). */
  static final long MAX_SEGMENT = 1L << 30;

  private final long[] starts;
  private final long[] ends;
  private final ByteBuffer[] buffers;
  private final List<Memory> blocks;
  private final long bytes;
  private int last;
  private static final int CACHE = 4096;
  private final int[] recent = new int[CACHE];

  /** One copied segment: remote start address and its bytes. */
  public record Segment(long start, Memory block, long length) {}

  Snapshot(List<Segment> segments) {
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingLong(Segment::start));
    int n = sorted.size();
    starts = new long[n];
    ends = new long[n];
    buffers = new ByteBuffer[n];
    blocks = new ArrayList<>(n);
    long total = 0;
    for (int i = 0; i < n; i++) {
      Segment s = sorted.get(i);
      starts[i] = s.start();
      ends[i] = s.start() + s.length();
      buffers[i] = s.block().getByteBuffer(0, s.length()).order(ByteOrder.LITTLE_ENDIAN);
      blocks.add(s.block());
      total += s.length();
    }
    bytes = total;
  }

  /** Copied bytes in total. */
  public long bytes() {
    return bytes;
  }

  /** True when all of {@code [address, address+length)} was copied (into one segment). */
  public boolean contains(long address, long length) {
    int s = segment(address);
    return s >= 0 && address + length <= ends[s] && length >= 0;
  }

  public long u64(long address) {
    int s = segment(address);
    if (s < 0 || address + 8 > ends[s]) {
      return 0;
    }
    return buffers[s].getLong((int) (address - starts[s]));
  }

  /** Writes into the copy (never into the process): the walk marks the objects it has found. */
  public void putU64(long address, long value) {
    int s = segment(address);
    if (s >= 0 && address + 8 <= ends[s]) {
      buffers[s].putLong((int) (address - starts[s]), value);
    }
  }

  public int u32(long address) {
    int s = segment(address);
    if (s < 0 || address + 4 > ends[s]) {
      return 0;
    }
    return buffers[s].getInt((int) (address - starts[s]));
  }

  public int u16(long address) {
    int s = segment(address);
    if (s < 0 || address + 2 > ends[s]) {
      return 0;
    }
    return buffers[s].getShort((int) (address - starts[s])) & 0xffff;
  }

  public int u8(long address) {
    int s = segment(address);
    if (s < 0 || address >= ends[s]) {
      return 0;
    }
    return buffers[s].get((int) (address - starts[s])) & 0xff;
  }

  /** Copies bytes out; false (and nothing copied) when the range was not captured. */
  public boolean read(long address, byte[] dst, int offset, int length) {
    int s = segment(address);
    if (s < 0 || address + length > ends[s]) {
      return false;
    }
    buffers[s].get((int) (address - starts[s]), dst, offset, length);
    return true;
  }

  /** Index of the segment holding {@code address}, or -1. */
  private int segment(long address) {
    int l = last;
    if (l < starts.length && address >= starts[l] && address < ends[l]) {
      return l;
    }
    // reads jump between regions: remember the segment of each 64 KiB block recently read
    int slot = (int) (address >>> 16) & (CACHE - 1);
    int cached = recent[slot];
    if (cached < starts.length && address >= starts[cached] && address < ends[cached]) {
      last = cached;
      return cached;
    }
    int found = search(address);
    if (found >= 0) {
      recent[slot] = found;
      last = found;
    }
    return found;
  }

  private int search(long address) {
    return dev.pyrometer.agent.memory.AddressRanges.indexOf(starts, ends, address);
  }

  @Override
  public void close() {
    // drop the views first: a read after close must fail in Java, not touch freed memory
    java.util.Arrays.fill(buffers, null);
    for (Memory m : blocks) {
      m.close();
    }
    blocks.clear();
  }
}
