package dev.pyrometer.agent.heap.graph;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Every object the walk found, as columns of numbers in native memory indexed by discovery order
 * (a breadth-first order, so an object's parent always has a smaller index): 25 bytes per
 * object, outside the Java heap. Close it to release them.
 *
 * <p>There is no address index: an object found is marked in the snapshot, our private copy,
 * by replacing its reference count with a tag and its index. No live CPython object has the
 * tag's top bits set in its reference count word (counts are small, 3.14's flags are low bits),
 * so finding an object again costs one read of a word the walk reads anyway.
 */
public final class ObjectTable implements AutoCloseable {
  public static final int NO_PARENT = -1;

  /** The object lives in the interpreter's image (.data/.bss): costs no heap, counted as 0. */
  public static final byte STATIC = 1;
  /** The object was on a GC generation list. */
  public static final byte TRACKED = 2;
  /** A namespace container folded into its owner's path (module dict, instance __dict__). */
  public static final byte NAMESPACE = 4;
  /** A root of its own: the first object of an unreached GC island. */
  public static final byte UNREACHED_ROOT = 8;

  private static final long TAG = 0xC0DEL << 48;
  private static final long TAG_MASK = 0xFFFFL << 48;
  /** Sizes from here up are kept apart (an int column holds the rest). */
  private static final int LARGE = Integer.MAX_VALUE;

  private final Snapshot snapshot;
  private final NativeColumn address;
  private final NativeColumn type;
  private final NativeColumn size;
  private final NativeColumn parent;
  private final NativeColumn node;
  private final NativeColumn flags;
  private final NativeColumn[] columns;
  private final Map<Integer, Long> largeSizes = new HashMap<>();
  private int count;

  public ObjectTable(Snapshot snapshot, int expected) {
    this.snapshot = snapshot;
    int capacity = Math.max(1024, expected);
    address = new NativeColumn(8, capacity);
    type = new NativeColumn(4, capacity);
    size = new NativeColumn(4, capacity);
    parent = new NativeColumn(4, capacity);
    node = new NativeColumn(4, capacity);
    flags = new NativeColumn(1, capacity);
    columns = new NativeColumn[] {address, type, size, parent, node, flags};
  }

  /** The word at an object's address when that object is in the table (its refcount otherwise). */
  public static boolean isMark(long word) {
    return (word & TAG_MASK) == TAG;
  }

  /** The index of the object at {@code addr}, or -1. */
  public int indexOf(long addr) {
    long word = snapshot.u64(addr);
    if ((word & TAG_MASK) != TAG) {
      return -1;
    }
    int index = (int) word;
    return index >= 0 && index < count && address.getLong(index) == addr ? index : -1;
  }

  /** Adds a new object (the caller checked it is not there yet) and returns its index. */
  public int add(long addr, int typeId, int parentIndex, int pathNode, byte flag) {
    if (count == address.capacity()) {
      for (NativeColumn c : columns) {
        c.ensure(count + 1);
      }
    }
    int index = count++;
    address.setLong(index, addr);
    type.setInt(index, typeId);
    parent.setInt(index, parentIndex);
    node.setInt(index, pathNode);
    flags.setByte(index, flag);
    snapshot.putU64(addr, TAG | index);
    return index;
  }

  public int count() {
    return count;
  }

  public long address(int i) {
    return address.getLong(i);
  }

  public int type(int i) {
    return type.getInt(i);
  }

  public long size(int i) {
    int s = size.getInt(i);
    return s == LARGE ? largeSizes.get(i) : s;
  }

  public void setSize(int i, long bytes) {
    if (bytes >= LARGE) {
      size.setInt(i, LARGE);
      largeSizes.put(i, bytes);
    } else {
      size.setInt(i, (int) Math.max(0, bytes));
    }
  }

  public int parent(int i) {
    return parent.getInt(i);
  }

  public int node(int i) {
    return node.getInt(i);
  }

  public boolean has(int i, byte flag) {
    return (flags.getByte(i) & flag) != 0;
  }

  public void mark(int i, byte flag) {
    flags.setByte(i, (byte) (flags.getByte(i) | flag));
  }

  /**
   * Bytes each object holds through the walk's tree: its own size plus its descendants'. Parents
   * precede children, so one backward pass adds everything up. The caller closes the result.
   */
  public Subtrees subtreeSizes() {
    NativeColumn subtree = new NativeColumn(8, Math.max(1, count));
    for (int i = 0; i < count; i++) {
      subtree.setLong(i, size(i));
    }
    for (int i = count - 1; i > 0; i--) {
      int p = parent.getInt(i);
      if (p >= 0) {
        subtree.setLong(p, subtree.getLong(p) + subtree.getLong(i));
      }
    }
    return new Subtrees(subtree);
  }

  /** Bytes held below each object (see {@link #subtreeSizes()}), in native memory. */
  public static final class Subtrees implements AutoCloseable {
    private final NativeColumn column;

    Subtrees(NativeColumn column) {
      this.column = column;
    }

    public long get(int i) {
      return column.getLong(i);
    }

    @Override
    public void close() {
      column.close();
    }
  }

  @Override
  public void close() {
    for (NativeColumn c : columns) {
      c.close();
    }
  }
}
