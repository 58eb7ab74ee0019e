package dev.pyrometer.agent.heap.graph;

import java.util.Arrays;

/**
 * The reference paths found by the walk, as a trie of segments (label + type of the object the
 * segment leads to), each node with the bytes and objects charged to exactly that path. Node 0
 * is the root. Bounded: past {@link #MAX_NODES} nodes or {@link #MAX_DEPTH} levels, objects are
 * charged to the deepest existing ancestor.
 */
public final class PathTrie {
  public static final int ROOT = 0;
  public static final int MAX_DEPTH = 40;
  static final int MAX_NODES = 1 << 20;
  private static final int MAX_LABELS = (1 << 24) - 1;
  private static final int MAX_TYPES = 1 << 20;

  private final LongIntMap labelIds = new LongIntMap(1 << 12);
  private final LongIntMap children = new LongIntMap(1 << 12);
  private int[] labelKind = new int[1024];
  private long[] labelPayload = new long[1024];
  private int labels;

  private int[] parent = new int[1024];
  private int[] label = new int[1024];
  private int[] type = new int[1024];
  private short[] depth = new short[1024];
  private long[] bytes = new long[1024];
  private long[] objects = new long[1024];
  private int[] firstObject = new int[1024];
  private int nodes = 1;

  public PathTrie() {
    parent[ROOT] = -1;
    label[ROOT] = -1;
    type[ROOT] = -1;
  }

  /**
   * The node reached from {@code parentNode} through a segment, created on first use.
   *
   * @param kind a {@link Label} kind ({@link Label#COLLAPSE} returns the parent itself)
   * @param typeId the type of the object the segment leads to, or -1 for typeless segments
   */
  public int child(int parentNode, int kind, long payload, int typeId) {
    if (kind == Label.COLLAPSE || kind == Label.NAMESPACE || depth[parentNode] >= MAX_DEPTH) {
      return parentNode;
    }
    int labelId = labelId(kind, payload);
    int t = Label.showsType(kind) || kind == Label.TYPE_ONLY ? typeId : -1;
    if (labelId < 0 || t >= MAX_TYPES) {
      return parentNode;
    }
    long key = ((long) parentNode << 44) | ((labelId + 1L) << 20) | (t + 1L); // never 0: LongIntMap's empty key
    int existing = children.get(key, -1);
    if (existing >= 0) {
      return existing;
    }
    if (nodes >= MAX_NODES) {
      return parentNode;
    }
    if (nodes == parent.length) {
      grow();
    }
    int n = nodes++;
    parent[n] = parentNode;
    label[n] = labelId;
    type[n] = t;
    depth[n] = (short) (depth[parentNode] + 1);
    firstObject[n] = -1;
    children.put(key, n);
    return n;
  }

  private int labelId(int kind, long payload) {
    long key = ((long) kind << 56) | (payload & 0x00ff_ffff_ffff_ffffL);
    int id = labelIds.get(key, -1);
    if (id >= 0) {
      return id;
    }
    if (labels >= MAX_LABELS) {
      return -1;
    }
    if (labels == labelKind.length) {
      labelKind = Arrays.copyOf(labelKind, labels * 2);
      labelPayload = Arrays.copyOf(labelPayload, labels * 2);
    }
    labelKind[labels] = kind;
    labelPayload[labels] = payload;
    labelIds.put(key, labels);
    return labels++;
  }

  private void grow() {
    int capacity = parent.length * 2;
    parent = Arrays.copyOf(parent, capacity);
    label = Arrays.copyOf(label, capacity);
    type = Arrays.copyOf(type, capacity);
    depth = Arrays.copyOf(depth, capacity);
    bytes = Arrays.copyOf(bytes, capacity);
    objects = Arrays.copyOf(objects, capacity);
    firstObject = Arrays.copyOf(firstObject, capacity);
  }

  /** Charges one object (its index in the object table) of {@code size} bytes to a node. */
  public void charge(int node, int object, long size) {
    bytes[node] += size;
    if (objects[node]++ == 0) {
      firstObject[node] = object;
    }
  }

  /** The first object charged to the node (the container a named path leads to), or -1. */
  public int firstObject(int node) {
    return objects[node] == 0 ? -1 : firstObject[node];
  }

  public int nodeCount() {
    return nodes;
  }

  public int parent(int node) {
    return parent[node];
  }

  public int labelKind(int node) {
    return labelKind[label[node]];
  }

  public long labelPayload(int node) {
    return labelPayload[label[node]];
  }

  /** Type id shown in the segment, or -1. */
  public int type(int node) {
    return type[node];
  }

  public int depth(int node) {
    return depth[node];
  }

  public long bytes(int node) {
    return bytes[node];
  }

  public long objects(int node) {
    return objects[node];
  }

  /** Objects of every node including its descendants. */
  public long[] objectTotals() {
    long[] total = Arrays.copyOf(objects, nodes);
    for (int n = nodes - 1; n > 0; n--) {
      total[parent[n]] += total[n];
    }
    return total;
  }

  /** Bytes of every node including its descendants (children have larger ids than parents). */
  public long[] totals() {
    long[] total = Arrays.copyOf(bytes, nodes);
    for (int n = nodes - 1; n > 0; n--) {
      total[parent[n]] += total[n];
    }
    return total;
  }
}
