package dev.pyrometer.agent.heap.objects;

import dev.pyrometer.agent.heap.graph.EdgeSink;
import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.python.objects.DictReader;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import dev.pyrometer.agent.python.objects.TypeRegistry;

/**
 * The references of dicts, named for paths: a small dict with str keys by its keys
 * ({@code ['user']}), a large or non-str-keyed one as {@code [*keys]}/{@code [*values]}, a
 * namespace (module, class or instance dict) by the names it binds. Reuses its buffers: no
 * allocation per dict.
 */
final class DictEdges {
  private final DictReader dicts;
  private final TypeRegistry types;
  private final Entries entries = new Entries();
  private final AnonymousEntries anonymous = new AnonymousEntries();

  DictEdges(DictReader dicts, TypeRegistry types) {
    this.dicts = dicts;
    this.types = types;
  }

  /** A plain dict: {@code ['key']} values when few str keys, else {@code [*values]}/{@code [*keys]}. */
  void dict(long a, EdgeSink sink) {
    if (dicts.used(a) > Label.MAX_NAMED_KEYS) {
      anonymous.sink = sink;
      dicts.forEach(a, anonymous);
      return;
    }
    entries.clear();
    dicts.forEach(a, entries);
    boolean named = entries.size() <= Label.MAX_NAMED_KEYS;
    for (int i = 0; named && i < entries.size(); i++) {
      TypeInfo kt = types.typeOf(entries.key(i));
      named = kt != null && kt.kind() == TypeKind.STR;
    }
    for (int i = 0; i < entries.size(); i++) {
      long key = entries.key(i);
      if (named) {
        sink.edge(key, Label.COLLAPSE, 0);
        sink.edge(entries.value(i), Label.KEY, key);
      } else {
        sink.edge(key, Label.KEYS, 0);
        sink.edge(entries.value(i), Label.VALUES, 0);
      }
    }
  }

  /** Emits a large dict's entries as {@code [*keys]}/{@code [*values]} (one reused visitor). */
  private static final class AnonymousEntries implements DictReader.EntryVisitor {
    EdgeSink sink;

    @Override
    public void entry(long key, long value) {
      sink.edge(key, Label.KEYS, 0);
      sink.edge(value, Label.VALUES, 0);
    }
  }

  /** The entries of a small dict being decoded, collected once (no allocation per dict). */
  private static final class Entries implements DictReader.EntryVisitor {
    private long[] pairs = new long[256];
    private int size;

    void clear() {
      size = 0;
    }

    @Override
    public void entry(long key, long value) {
      if (2 * size + 2 > pairs.length) {
        pairs = java.util.Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[2 * size] = key;
      pairs[2 * size + 1] = value;
      size++;
    }

    int size() {
      return size;
    }

    long key(int i) {
      return pairs[2 * i];
    }

    long value(int i) {
      return pairs[2 * i + 1];
    }
  }

  /** A namespace dict's entries, named as globals or attributes of their owner. */
  void namespace(long dict, int valueLabel, EdgeSink sink) {
    if (dict == 0) {
      return;
    }
    dicts.forEach(dict, (key, value) -> {
      sink.edge(key, Label.COLLAPSE, 0);
      TypeInfo kt = types.typeOf(key);
      sink.edge(value, kt != null && kt.kind() == TypeKind.STR ? valueLabel : Label.VALUES, key);
    });
  }
}
