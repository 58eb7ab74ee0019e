package dev.pyrometer.agent.heap.graph;

import dev.pyrometer.agent.heap.objects.ObjectDecoder;
import dev.pyrometer.agent.heap.roots.InterpreterRoots;
import dev.pyrometer.agent.heap.roots.ThreadRoots.PyThread;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.objects.ObjectSizes;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Seeds the walk tier by tier, so that each object is charged to the path users think of first:
 * {@code sys.modules}, then the sys and builtins dicts, then thread stacks, then references held
 * back (class bases, function globals, static type dicts), then GC objects nothing above reaches
 * (held by C code, or cyclic garbage), and last the interned strings.
 */
public final class HeapWalk {
  private final TypeRegistry types;
  private final ObjectDecoder decoder;
  private final ObjectTable table;
  private final PathTrie trie;
  private final TextTable texts;
  private final Attributor attributor;

  /** What the walk found besides the table and the trie. */
  public record Counts(long unreachedGcObjects, long unreachedGcRoots, long rejectedPointers) {}

  public HeapWalk(Snapshot s, TypeRegistry types, ObjectDecoder decoder, ObjectSizes sizes, ObjectTable table,
      PathTrie trie, TextTable texts, ImageRanges image, int minor) {
    this.types = types;
    this.decoder = decoder;
    this.table = table;
    this.trie = trie;
    this.texts = texts;
    this.attributor = new Attributor(s, types, decoder, sizes, table, trie, image, minor);
  }

  public Counts run(InterpreterRoots roots, List<PyThread> threads, GcLists gc) {
    int modules = text(PathTrie.ROOT, "sys.modules");
    attributor.seed(roots.modules(), modules, Label.COLLAPSE, 0, (byte) 0);
    decoder.entries(roots.modules(), (name, module) -> {
      attributor.seed(name, modules, Label.COLLAPSE, 0, (byte) 0);
      attributor.seed(module, modules, Label.MODULE, name, (byte) 0);
    });
    attributor.drain();
    attributor.seed(roots.sysDict(), text(PathTrie.ROOT, "sys"), Label.NAMESPACE, 0, (byte) 0);
    attributor.seed(roots.builtins(), text(PathTrie.ROOT, "builtins"), Label.NAMESPACE, 0, (byte) 0);
    attributor.drain();
    seedThreads(threads);
    attributor.followDeferred();
    long[] unreached = seedUnreached(gc);
    int interned = text(PathTrie.ROOT, "[interned]");
    attributor.seed(roots.interned(), interned, Label.COLLAPSE, 0, (byte) 0);
    attributor.followDeferred();
    for (long object : gc.tracked()) {
      int i = table.indexOf(object);
      if (i >= 0) {
        table.mark(i, ObjectTable.TRACKED);
      }
    }
    return new Counts(unreached[0], unreached[1], attributor.rejectedPointers());
  }

  private int text(int parent, String text) {
    return trie.child(parent, Label.TEXT, texts.id(text), -1);
  }

  private void seedThreads(List<PyThread> threads) {
    for (PyThread thread : threads) {
      String name = threadNames == null ? "" : threadNames.apply(thread.tid());
      int threadNode = text(PathTrie.ROOT, "[thread " + thread.tid() + (name.isEmpty() ? "" : " " + name) + "]");
      int node = threadNode;
      for (var frame : thread.frames()) {
        node = text(node, frame.label());
        int frameNode = node;
        if (frame.isObject()) {
          attributor.seed(frame.address(), frameNode, Label.COLLAPSE, 0, (byte) 0);
        } else {
          decoder.frames().interpreterFrame(frame.address(),
              (child, kind, payload) -> attributor.seed(child, frameNode, kind, payload, (byte) 0));
        }
      }
      attributor.seed(thread.dict(), text(threadNode, "[thread dict]"), Label.COLLAPSE, 0, (byte) 0);
      attributor.drain();
    }
  }

  private IntFunction<String> threadNames;

  /** How thread names are found (the live process's {@code comm}), for the thread root segments. */
  public HeapWalk withThreadNames(IntFunction<String> names) {
    this.threadNames = names;
    return this;
  }

  /**
   * GC objects nothing reached: roots of their own under {@code [unreached-gc]}. Those no other
   * unreached object refers to go first, so that a leaked structure shows under its top object;
   * what is left are cycles, rooted at one member each.
   *
   * @return objects newly found this way, and how many roots they took
   */
  private long[] seedUnreached(GcLists gc) {
    long before = table.count();
    long[] tracked = gc.tracked();
    BitSet referred = new BitSet(tracked.length);
    EdgeSink marker = (child, kind, payload) -> {
      int p = gc.position(child);
      if (p >= 0 && table.indexOf(child) < 0) {
        referred.set(p);
      }
    };
    for (long object : tracked) {
      if (table.indexOf(object) < 0) {
        TypeInfo t = types.typeOf(object);
        if (t != null) {
          decoder.references(object, t, marker);
          decoder.deferredReferences(object, t, marker);
        }
      }
    }
    int root = text(PathTrie.ROOT, "[unreached-gc]");
    long roots = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int p = 0; p < tracked.length; p++) {
        if (table.indexOf(tracked[p]) >= 0 || (pass == 0 && referred.get(p))) {
          continue;
        }
        if (attributor.seed(tracked[p], root, Label.TYPE_ONLY, 0, ObjectTable.UNREACHED_ROOT) >= 0) {
          roots++;
        }
        if (pass == 1) {
          attributor.followDeferred(); // a cycle: walk it before choosing the next root
        }
      }
      attributor.followDeferred();
    }
    return new long[] {table.count() - before, roots};
  }
}
