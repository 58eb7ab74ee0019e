package dev.pyrometer.agent.memory;

import java.util.Arrays;

/**
 * Unrelated remote ranges read together, into one local buffer: a live process reads them with one
 * {@code process_vm_readv} (one remote iovec per range) instead of one system call each. Each range
 * succeeds or fails on its own; a range that failed is simply not {@link #complete(int) complete}.
 * Reusable: {@link #clear()} keeps the arrays, so a steady caller allocates nothing.
 */
public final class ScatterRead {
  private long[] addresses = new long[64];
  private int[] lengths = new int[64];
  private int[] offsets = new int[64];
  private boolean[] complete = new boolean[64];
  private byte[] data = new byte[16 * 1024];
  private int count;
  private int size;

  public void clear() {
    count = 0;
    size = 0;
  }

  /** Keeps the ranges, to read them again: none is complete until then. */
  public void rearm() {
    Arrays.fill(complete, 0, count, false);
  }

  /** Adds a range; returns its index. */
  public int add(long address, int length) {
    if (count == addresses.length) {
      int n = count * 2;
      addresses = Arrays.copyOf(addresses, n);
      lengths = Arrays.copyOf(lengths, n);
      offsets = Arrays.copyOf(offsets, n);
      complete = Arrays.copyOf(complete, n);
    }
    if (size + length > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + length));
    }
    addresses[count] = address;
    lengths[count] = length;
    offsets[count] = size;
    complete[count] = false;
    size += length;
    return count++;
  }

  public int count() {
    return count;
  }

  /** Bytes of all ranges together. */
  public int size() {
    return size;
  }

  public long address(int i) {
    return addresses[i];
  }

  public int length(int i) {
    return lengths[i];
  }

  /** Where range {@code i} starts in {@link #data()}. */
  public int offset(int i) {
    return offsets[i];
  }

  public boolean complete(int i) {
    return complete[i];
  }

  void markComplete(int i) {
    complete[i] = true;
  }

  /** The ranges' bytes, one after the other in the order they were added. */
  public byte[] data() {
    return data;
  }
}
