package dev.pyrometer.agent.heap.report;

import dev.pyrometer.agent.heap.graph.GcLists;
import dev.pyrometer.agent.heap.graph.HeapWalk;
import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.objects.ObjectDecoder;
import dev.pyrometer.agent.heap.roots.InterpreterRoots;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.ObjectSizes;
import dev.pyrometer.agent.python.objects.TypeRegistry;

/**
 * Everything one walk produced, for the report builders; valid while the snapshot is open and
 * until closed.
 *
 * @param snapshot the copied memory
 * @param offsets object layout of the interpreter
 * @param table every object found
 * @param trie the reference paths
 * @param names renders trie nodes
 * @param types the types met
 * @param gc the GC lists
 * @param roots the interpreter's roots
 * @param counts what the walk counted on the way
 * @param sizes object sizes
 * @param decoder object references
 */
public record WalkResult(
    Snapshot snapshot,
    ObjectOffsets offsets,
    ObjectTable table,
    PathTrie trie,
    PathNamer names,
    TypeRegistry types,
    GcLists gc,
    InterpreterRoots roots,
    HeapWalk.Counts counts,
    ObjectSizes sizes,
    ObjectDecoder decoder) implements AutoCloseable {

  /** Releases the object table (native memory); the snapshot belongs to the caller. */
  @Override
  public void close() {
    table.close();
  }
}
