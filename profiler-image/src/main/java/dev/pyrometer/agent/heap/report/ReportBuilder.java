package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.python.objects.TypeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds the Python-object parts of the report from a walk: totals, top paths, objects, types. */
public final class ReportBuilder implements AutoCloseable {
  public static final int TOP = 20;
  public static final int TYPES = 50;

  private final WalkResult w;
  private final ObjectTable.Subtrees subtree;
  private final long[] pathTotals;
  private List<Integer> topPathNodes;

  public ReportBuilder(WalkResult walk) {
    this.w = walk;
    this.subtree = walk.table().subtreeSizes();
    this.pathTotals = walk.trie().totals();
  }

  /** Bytes below each object; valid until {@link #close()}. */
  public ObjectTable.Subtrees subtreeSizes() {
    return subtree;
  }

  public long[] pathTotals() {
    return pathTotals;
  }

  public HeapReport.Totals totals(int unreachedNode) {
    ObjectTable t = w.table();
    long statics = 0;
    for (int i = 0; i < t.count(); i++) {
      if (t.has(i, ObjectTable.STATIC)) {
        statics++;
      }
    }
    long unreachedBytes = unreachedNode >= 0 ? pathTotals[unreachedNode] : 0;
    return new HeapReport.Totals(t.count(), pathTotals[PathTrie.ROOT], w.gc().generationObjects(),
        w.gc().perGeneration()[3], w.counts().unreachedGcObjects(), unreachedBytes, statics,
        w.counts().rejectedPointers(), w.roots().interpreterCount());
  }

  /** Trie nodes of the top paths, largest first. */
  public List<Integer> topPathNodes() {
    if (topPathNodes == null) {
      topPathNodes = TopPaths.select(w.trie(), pathTotals, TOP);
    }
    return topPathNodes;
  }

  public List<HeapReport.PathEntry> topPaths() {
    List<HeapReport.PathEntry> out = new ArrayList<>();
    long[] objects = w.trie().objectTotals();
    for (int node : topPathNodes()) {
      out.add(new HeapReport.PathEntry(w.names().pathText(node), pathTotals[node], objects[node]));
    }
    return out;
  }

  /** The objects holding the most through the walk's tree, namespaces and modules left out. */
  public List<HeapReport.ObjectEntry> topObjects() {
    return entries(ObjectRanking.top(w.table().count(), subtree::get, i -> ObjectRanking.isHolder(w, i), TOP));
  }

  /** The largest objects by their own size. */
  public List<HeapReport.ObjectEntry> largestObjects() {
    return entries(ObjectRanking.top(w.table().count(), w.table()::size, i -> true, TOP));
  }

  private List<HeapReport.ObjectEntry> entries(List<Integer> indices) {
    return indices.stream().map(i -> ObjectRanking.entry(w, i, subtree)).toList();
  }

  public List<HeapReport.TypeEntry> types() {
    int n = w.types().size();
    long[] count = new long[n];
    long[] bytes = new long[n];
    ObjectTable t = w.table();
    for (int i = 0; i < t.count(); i++) {
      count[t.type(i)]++;
      bytes[t.type(i)] += t.size(i);
    }
    List<HeapReport.TypeEntry> out = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      if (count[id] > 0) {
        TypeInfo type = w.types().get(id);
        out.add(new HeapReport.TypeEntry(type.fullName(), count[id], bytes[id]));
      }
    }
    out.sort(Comparator.comparingLong(HeapReport.TypeEntry::bytes).reversed());
    return out.size() > TYPES ? List.copyOf(out.subList(0, TYPES)) : out;
  }

  @Override
  public void close() {
    subtree.close();
  }
}
