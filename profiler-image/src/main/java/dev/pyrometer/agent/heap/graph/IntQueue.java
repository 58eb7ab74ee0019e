package dev.pyrometer.agent.heap.graph;

import java.util.Arrays;

/** A FIFO of ints in a growable ring buffer: the breadth-first walk's work list. */
public final class IntQueue {
  private int[] items = new int[1024];
  private int head;
  private int size;

  public void add(int value) {
    if (size == items.length) {
      int[] bigger = new int[items.length * 2];
      int tail = items.length - head;
      System.arraycopy(items, head, bigger, 0, tail);
      System.arraycopy(items, 0, bigger, tail, head);
      items = bigger;
      head = 0;
    }
    items[(head + size) & (items.length - 1)] = value;
    size++;
  }

  public int poll() {
    int value = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return value;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public void clear() {
    head = 0;
    size = 0;
    Arrays.fill(items, 0);
  }
}
