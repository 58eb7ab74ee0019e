package dev.pyrometer.agent.heap.graph;

import dev.pyrometer.agent.heap.objects.ObjectDecoder;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.objects.ObjectSizes;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeRegistry;

/**
 * The breadth-first walk that charges every object once, to the first path that reaches it.
 * Roots are seeded tier by tier; {@link #drain()} runs the walk until no new object is found;
 * {@link #followDeferred()} then follows the references held back from the main walk.
 */
public final class Attributor {
  private final Snapshot s;
  private final TypeRegistry types;
  private final ObjectDecoder decoder;
  private final ObjectSizes sizes;
  private final ObjectTable table;
  private final PathTrie trie;
  private final ImageRanges image;
  private final boolean refcountIs32Bit;
  private final IntQueue queue = new IntQueue();
  private final Sink sink = new Sink();
  private int deferredCursor;
  private long rejectedPointers;

  public Attributor(Snapshot snapshot, TypeRegistry types, ObjectDecoder decoder, ObjectSizes sizes,
      ObjectTable table, PathTrie trie, ImageRanges image, int minor) {
    this.s = snapshot;
    this.types = types;
    this.decoder = decoder;
    this.sizes = sizes;
    this.table = table;
    this.trie = trie;
    this.image = image;
    this.refcountIs32Bit = minor >= 12;
  }

  /**
   * Adds a root object under {@code node} (no parent object), named by the label.
   *
   * @return its index, or -1 when it is not a valid object
   */
  public int seed(long object, int node, int labelKind, long payload, byte flags) {
    sink.parent = ObjectTable.NO_PARENT;
    sink.parentNode = node;
    sink.extraFlags = flags;
    sink.edge(object, labelKind, payload);
    sink.extraFlags = 0;
    int index = table.indexOf(object);
    return index;
  }

  /** Walks until the queue is empty: decodes each object once, charging its size to its path. */
  public void drain() {
    while (!queue.isEmpty()) {
      int i = queue.poll();
      long a = table.address(i);
      TypeInfo t = types.get(table.type(i));
      long size = table.has(i, ObjectTable.STATIC) ? 0 : sizes.pythonSize(a, t) + sizes.overhead(a, t);
      table.setSize(i, size);
      trie.charge(table.node(i), i, size);
      sink.parent = i;
      sink.parentNode = table.node(i);
      decoder.references(a, t, sink);
    }
  }

  /** Follows deferred references of every object not yet done, walking what they reach. */
  public void followDeferred() {
    drain();
    for (; deferredCursor < table.count(); deferredCursor++) {
      int i = deferredCursor;
      TypeInfo t = types.get(table.type(i));
      if (ObjectDecoder.hasDeferred(t)) {
        sink.parent = i;
        sink.parentNode = table.node(i);
        decoder.deferredReferences(table.address(i), t, sink);
        drain();
      }
    }
  }

  /** Pointers that looked like references but led to no valid object. */
  public long rejectedPointers() {
    return rejectedPointers;
  }

  /**
   * True when the word at {@code object} can be a live object's reference count. A freed pymalloc
   * block keeps its type pointer but holds the next free block's address there: an address has
   * bits a count never has (3.12+ counts are 32 bits, 3.14's flags sit in the top 16).
   */
  private boolean liveRefcount(long object) {
    long word = s.u64(object);
    if (ObjectTable.isMark(word)) {
      return false;
    }
    if (refcountIs32Bit) {
      return (word & 0xffffffffL) != 0 && ((word >>> 32) & 0xffff) == 0 && (word >>> 48) < 0x100;
    }
    return word > 0 && word < (1L << 40);
  }

  /** Takes references from the decoder: validates, indexes and queues new objects. */
  private final class Sink implements EdgeSink {
    int parent;
    int parentNode;
    byte extraFlags;

    @Override
    public void edge(long child, int labelKind, long payload) {
      if (child == 0 || table.indexOf(child) >= 0) {
        return;
      }
      TypeInfo t = types.typeOf(child);
      if (t == null || !liveRefcount(child)) {
        rejectedPointers++;
        return;
      }
      int node = trie.child(parentNode, labelKind, payload, t.id());
      byte flags = extraFlags;
      if (labelKind == Label.NAMESPACE) {
        flags |= ObjectTable.NAMESPACE;
      }
      if (image.contains(child)) {
        flags |= ObjectTable.STATIC;
      }
      queue.add(table.add(child, t.id(), parent, node, flags));
    }
  }
}
