package dev.pyrometer.agent.heap.graph;

import java.util.Arrays;

/**
 * Every object the walk found, as columns of primitive arrays indexed by discovery order (a
 * breadth-first order, so an object's parent always has a smaller index). The address index is an
 * open-addressing table of object indices that compares against the address column: about 45
 * bytes per object in all, whatever the heap holds.
 */
public final class ObjectTable {
  public static final int NO_PARENT = -1;

  /** The object lives in the interpreter's image (.data/.bss): costs no heap, counted as 0. */
  public static final byte STATIC = 1;
  /** The object was on a GC generation list. */
  public static final byte TRACKED = 2;
  /** A namespace container folded into its owner's path (module dict, instance __dict__). */
  public static final byte NAMESPACE = 4;
  /** A root of its own: the first object of an unreached GC island. */
  public static final byte UNREACHED_ROOT = 8;

  private long[] address;
  private int[] type;
  private long[] size;
  private int[] parent;
  private int[] node;
  private byte[] flags;
  private int count;

  private int[] slots;
  private int slotMask;

  public ObjectTable(int expected) {
    int capacity = Math.max(1024, expected);
    address = new long[capacity];
    type = new int[capacity];
    size = new long[capacity];
    parent = new int[capacity];
    node = new int[capacity];
    flags = new byte[capacity];
    slots = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
    slotMask = slots.length - 1;
  }

  /** The index of the object at {@code addr}, or -1. */
  public int indexOf(long addr) {
    for (int i = slot(addr); ; i = (i + 1) & slotMask) {
      int s = slots[i];
      if (s == 0) {
        return -1;
      }
      if (address[s - 1] == addr) {
        return s - 1;
      }
    }
  }

  /** Adds a new object (the caller checked it is not there yet) and returns its index. */
  public int add(long addr, int typeId, int parentIndex, int pathNode, byte flag) {
    if (count == address.length) {
      grow();
    }
    int index = count++;
    address[index] = addr;
    type[index] = typeId;
    parent[index] = parentIndex;
    node[index] = pathNode;
    flags[index] = flag;
    if (count * 2L > slots.length) {
      rehash(slots.length * 2);
    }
    insert(addr, index);
    return index;
  }

  private void insert(long addr, int index) {
    for (int i = slot(addr); ; i = (i + 1) & slotMask) {
      if (slots[i] == 0) {
        slots[i] = index + 1;
        return;
      }
    }
  }

  private int slot(long addr) {
    return Long.hashCode((addr >>> 3) * 0x9E3779B97F4A7C15L) & slotMask;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    slotMask = capacity - 1;
    for (int i = 0; i < count; i++) {
      insert(address[i], i);
    }
  }

  private void grow() {
    int capacity = address.length + (address.length >> 1);
    address = Arrays.copyOf(address, capacity);
    type = Arrays.copyOf(type, capacity);
    size = Arrays.copyOf(size, capacity);
    parent = Arrays.copyOf(parent, capacity);
    node = Arrays.copyOf(node, capacity);
    flags = Arrays.copyOf(flags, capacity);
  }

  public int count() {
    return count;
  }

  public long address(int i) {
    return address[i];
  }

  public int type(int i) {
    return type[i];
  }

  public long size(int i) {
    return size[i];
  }

  public void setSize(int i, long bytes) {
    size[i] = bytes;
  }

  public int parent(int i) {
    return parent[i];
  }

  public int node(int i) {
    return node[i];
  }

  public boolean has(int i, byte flag) {
    return (flags[i] & flag) != 0;
  }

  public void mark(int i, byte flag) {
    flags[i] |= flag;
  }

  /**
   * Bytes each object holds through the walk's tree: its own size plus its descendants'. Parents
   * precede children, so one backward pass adds everything up.
   */
  public long[] subtreeSizes() {
    long[] subtree = Arrays.copyOf(size, count);
    for (int i = count - 1; i > 0; i--) {
      int p = parent[i];
      if (p >= 0) {
        subtree[p] += subtree[i];
      }
    }
    return subtree;
  }

  /** Bytes held by the table, for the analyzer's own memory accounting. */
  public long footprint() {
    return address.length * (8L + 4 + 8 + 4 + 4 + 1) + slots.length * 4L;
  }
}
