package dev.pyrometer.agent.heap;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.attach.TargetFiles;
import dev.pyrometer.agent.heap.graph.GcLists;
import dev.pyrometer.agent.heap.graph.HeapWalk;
import dev.pyrometer.agent.heap.graph.ImageRanges;
import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.ObjectTable;
import dev.pyrometer.agent.heap.graph.PathTrie;
import dev.pyrometer.agent.heap.graph.TextTable;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.agent.heap.nativemem.RssBreakdown;
import dev.pyrometer.agent.heap.objects.ObjectDecoder;
import dev.pyrometer.agent.heap.report.DigestBuilder;
import dev.pyrometer.agent.heap.report.FoldedPaths;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.ModuleFiles;
import dev.pyrometer.agent.heap.report.Holder;
import dev.pyrometer.agent.heap.report.Holders;
import dev.pyrometer.agent.heap.report.PathNamer;
import dev.pyrometer.agent.heap.report.ReportBuilder;
import dev.pyrometer.agent.heap.report.WalkResult;
import dev.pyrometer.agent.heap.roots.InterpreterRoots;
import dev.pyrometer.agent.heap.roots.ThreadNames;
import dev.pyrometer.agent.heap.roots.ThreadRoots;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.heap.snapshot.SnapshotMemory;
import dev.pyrometer.agent.heap.snapshot.TakenSnapshot;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.objects.Attributes;
import dev.pyrometer.agent.python.objects.BuiltinTypes;
import dev.pyrometer.agent.python.objects.DictReader;
import dev.pyrometer.agent.python.objects.ObjectSizes;
import dev.pyrometer.agent.python.objects.PyStrings;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks one taken snapshot and turns the walk into a report, a path tree and a digest. */
final class SnapshotAnalysis {
  private final TakenSnapshot taken;
  private final HeapLayout layout;
  private final BuiltinTypes builtins;
  private final long runtime;
  private final ProcessMemory live;

  SnapshotAnalysis(TakenSnapshot taken, HeapLayout layout, BuiltinTypes builtins, long runtime, ProcessMemory live) {
    this.taken = taken;
    this.layout = layout;
    this.builtins = builtins;
    this.runtime = runtime;
    this.live = live;
  }

  /** Walks the heap; exposed so tests can check the walk itself. */
  WalkResult walk(AttachedProcess process, Map<Long, Integer> tids) {
    Snapshot s = taken.snapshot();
    SnapshotMemory memory = new SnapshotMemory(s, live);
    InterpreterRoots roots = InterpreterRoots.read(s, layout, runtime, builtins.internedDictPointer());
    GcLists gc = GcLists.walk(s, roots.gcState(), layout.interpreter(), layout.objects().gcHeadSize);
    TypeRegistry types = new TypeRegistry(s, layout.objects(), builtins, memory);
    TextTable texts = new TextTable();
    long setDummy = builtins.setDummyPointer() == 0 ? 0 : s.u64(builtins.setDummyPointer());
    ObjectDecoder decoder = new ObjectDecoder(s, layout, types, texts, roots.staticTypeDicts(), setDummy);
    // about 2.5 objects per GC-tracked one in typical heaps (str, int, code are untracked)
    ObjectTable table = new ObjectTable(s, Math.max(1 << 16, gc.tracked().length * 5 / 2));
    PyStrings strings = new PyStrings(s, layout.objects());
    PathTrie trie = new PathTrie(str -> strings.text(str, PathNamer.MAX_NAME));
    ObjectSizes sizes = new ObjectSizes(s, layout.objects());
    Map<Integer, String> pythonNames = ThreadNames.read(s, new Attributes(s, layout.objects(), types),
        new DictReader(s, layout.objects()), roots.modules());
    HeapWalk walk = new HeapWalk(s, types, decoder, sizes, table, trie, texts,
        ImageRanges.of(taken.maps(), TargetFiles.ofLiveProcess(process.pid())), layout.minor())
        .withThreadNames(tid -> threadName(process, pythonNames, tid));
    List<ThreadRoots.PyThread> threads = ThreadRoots.read(s, memory, layout, roots.interpreter(), tids);
    HeapWalk.Counts counts = walk.run(roots, threads, gc);
    PathNamer names = new PathNamer(trie, texts, strings, types);
    return new WalkResult(s, layout.objects(), table, trie, names, types, gc, roots, counts, sizes, decoder);
  }

  /** The Python name of a thread, else its OS name ({@code comm}). */
  private static String threadName(AttachedProcess process, Map<Integer, String> pythonNames, int tid) {
    String name = pythonNames.get(tid);
    if (name != null || tid == 0) {
      return name == null ? "" : name;
    }
    return ProcFs.comm(process.pid(), process.hostTid(tid)).orElse("");
  }

  HeapAnalysis run(AttachedProcess process, Map<Long, Integer> tids, long startedNanos) {
    try (WalkResult w = walk(process, tids); ReportBuilder builder = new ReportBuilder(w)) {
      int unreachedNode = findRootNode(w, "[unreached-gc]");
      List<String> warnings = warnings(w);
      HeapReport.Meta meta = new HeapReport.Meta(process.pid(), process.commandLine(), layout.version().toString(),
          taken.frozen() ? "frozen" : "racy", taken.pauseNanos() / 1e6, taken.snapshot().bytes(), taken.missingBytes(),
          taken.takenAt().toString(), (System.nanoTime() - startedNanos) / 1_000_000, 1);
      HeapReport.Totals totals = builder.totals(unreachedNode);
      NativeBreakdown rss = RssBreakdown.compute(taken.smaps(), taken.rollup().getOrDefault("Rss", 0L), taken.resident(),
          taken.snapshot(), layout.minor(), totals.bytes());
      HeapReport report = new HeapReport(meta, totals, builder.topPaths(), builder.topObjects(),
          builder.largestObjects(), builder.types(), rss, null, null, warnings);
      CallTree folded = FoldedPaths.build(w.trie(), w.names());
      Attributes attributes = new Attributes(w.snapshot(), w.offsets(), w.types());
      List<Holder> holders = Holders.describe(w, builder, attributes);
      return new HeapAnalysis(report, folded, DigestBuilder.build(w, builder, folded, taken.takenAt()), holders, null,
          FoldedPaths.objects(w.trie(), w.names()), ModuleFiles.read(w, attributes, findRootNode(w, "sys.modules")));
    }
  }

  private static int findRootNode(WalkResult w, String text) {
    for (int n = 1; n < w.trie().nodeCount(); n++) {
      if (w.trie().parent(n) == PathTrie.ROOT && w.trie().labelKind(n) == Label.TEXT && w.names().segment(n).equals(text)) {
        return n;
      }
    }
    return -1;
  }

  private List<String> warnings(WalkResult w) {
    List<String> out = new ArrayList<>();
    if (!taken.frozen()) {
      out.add("racy snapshot: the process ran during the copy; paths of objects it changed meanwhile may be off");
    }
    if (w.gc().collecting()) {
      out.add("the garbage collector was running in every attempt (" + taken.attempts() + "): GC counts are approximate");
    }
    if (w.gc().truncatedLists() > 0) {
      out.add(w.gc().truncatedLists() + " GC list(s) were cut short (changed during the copy)");
    }
    if (taken.missingBytes() > 0) {
      out.add(taken.missingBytes() + " bytes could not be read (unmapped during the copy)");
    }
    if (w.roots().interpreterCount() > 1) {
      out.add(w.roots().interpreterCount() + " interpreters: only the main one was walked");
    }
    if (w.roots().interned() == 0) {
      out.add("the interned-strings dict was not found (stripped build): strings only it holds are not counted");
    }
    return out;
  }
}
