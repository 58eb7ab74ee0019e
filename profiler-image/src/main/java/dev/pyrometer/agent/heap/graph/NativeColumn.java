package dev.pyrometer.agent.heap.graph;

import com.sun.jna.Memory;
import java.nio.ByteOrder;

/**
 * A growable column of fixed-width numbers in native memory: the object table's columns live
 * outside the Java heap, so the agent's small heap bounds neither the number of objects nor
 * the analysis (and the memory is returned at once when the column is closed).
 */
final class NativeColumn implements AutoCloseable {
  private final int width;
  private Memory memory;
  private java.nio.ByteBuffer buffer;
  private int capacity;

  /** A column of {@code width}-byte values (1, 4 or 8), zero-filled. */
  NativeColumn(int width, int capacity) {
    this.width = width;
    allocate(capacity);
  }

  private void allocate(int newCapacity) {
    Memory bigger = new Memory((long) newCapacity * width);
    bigger.clear();
    java.nio.ByteBuffer view = bigger.getByteBuffer(0, (long) newCapacity * width).order(ByteOrder.nativeOrder());
    if (buffer != null) {
      view.put(0, buffer, 0, capacity * width);
      memory.close();
    }
    memory = bigger;
    buffer = view;
    capacity = newCapacity;
  }

  int capacity() {
    return capacity;
  }

  /** Grows to at least {@code minimum} values, keeping the content. */
  void ensure(int minimum) {
    if (minimum > capacity) {
      allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(minimum, capacity + (long) (capacity >> 1))));
    }
  }

  long getLong(int i) {
    return buffer.getLong(i << 3);
  }

  void setLong(int i, long value) {
    buffer.putLong(i << 3, value);
  }

  int getInt(int i) {
    return buffer.getInt(i << 2);
  }

  void setInt(int i, int value) {
    buffer.putInt(i << 2, value);
  }

  byte getByte(int i) {
    return buffer.get(i);
  }

  void setByte(int i, byte value) {
    buffer.put(i, value);
  }

  @Override
  public void close() {
    if (memory != null) {
      buffer = null;
      memory.close();
      memory = null;
    }
  }
}
