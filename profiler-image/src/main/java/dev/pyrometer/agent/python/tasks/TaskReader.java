package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.memory.LongMap;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.python.CodeCache;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonPointers;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import dev.pyrometer.agent.python.layout.ObjectOffsets;
import dev.pyrometer.agent.python.objects.Attributes;
import dev.pyrometer.agent.python.objects.PyStrings;
import dev.pyrometer.agent.python.objects.TypeInfo;
import dev.pyrometer.agent.python.objects.TypeKind;
import dev.pyrometer.agent.python.objects.TypeRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every pending asyncio task of a process from outside, without writing to it. 3.14+: the
 * per-thread and per-interpreter lists of pending tasks that CPython keeps for external tools
 * ({@code python -m asyncio ps}); 3.8–3.13: the registries of the {@code asyncio.tasks} module
 * ({@code _all_tasks} / {@code _scheduled_tasks} weak set, {@code _eager_tasks}, {@code
 * _current_tasks}). Each task's coroutine chain, what it awaits and who awaits it are read with
 * the interpreter's object readers. Memory changes under the reader: a task that fails a check is
 * dropped and counted, never trusted.
 */
public final class TaskReader {
  /** Tasks read per census at most; more are counted as truncated. */
  public static final int MAX_TASKS = 10_000;
  private static final int MAX_THREADS = 4096;
  private static final int MAX_SET_SLOTS = 1 << 20;
  /** Bytes of a coroutine read ahead: the object and, from 3.11, the frame embedded in it. */
  private static final int COROUTINE_READ_AHEAD = 256;
  /** Bytes of a weak reference read ahead: header, wr_object, hash. */
  private static final int WEAKREF_READ_AHEAD = 32;
  private static final String RUNNING_LOOP_KEY = "__asyncio_running_event_loop__";

  private final MemoryImage image;
  private final PythonLayout threads;
  private final ObjectOffsets o;
  private final InterpreterOffsets interp;
  private final AsyncioLayout asyncio;
  private final long runtimeAddress;
  private final long setDummyPointer;
  private final int maxTasks;
  private final TypeRegistry types;
  private final AsyncTypes roles;
  private final Attributes attributes;
  private final PyStrings strings;
  private final CoroutineChain chains;
  /**
   * The previous census's chain and what it awaits, per task address: a task whose chain reads
   * the same (see {@link CoroutineChain}) is not decoded or classified again. Holds the tasks of
   * the last census only, so a task gone is forgotten at once.
   */
  private LongMap<Known> known = new LongMap<>();

  private record Known(CoroutineChain.Result chain, Awaited awaited) {}

  public TaskReader(MemoryImage image, TypeRegistry types, CodeCache codes, HeapLayout layout, AsyncioLayout asyncio,
      long runtimeAddress, long setDummyPointer, int maxTasks) {
    this.image = image;
    this.threads = layout.threads();
    this.o = layout.objects();
    this.interp = layout.interpreter();
    this.asyncio = asyncio;
    this.runtimeAddress = runtimeAddress;
    this.setDummyPointer = setDummyPointer;
    this.maxTasks = maxTasks;
    this.types = types;
    this.roles = new AsyncTypes(image, o, types);
    this.attributes = new Attributes(image, o, types);
    this.strings = new PyStrings(image, o);
    this.chains = new CoroutineChain(image, roles, codes, threads, interp, asyncio);
  }

  public AsyncioLayout layout() {
    return asyncio;
  }

  /** Reads every pending task now; an interpreter without asyncio gives an empty census. */
  public TaskCensus read(long now) {
    long interpreter = image.u64(runtimeAddress + threads.runtimeInterpretersHead);
    if (!PythonPointers.plausible(interpreter)) {
      return TaskCensus.EMPTY;
    }
    List<Long> threadStates = threadStates(interpreter);
    Map<Long, Long> loops = runningLoops(threadStates);
    Counter counter = new Counter();
    Map<Long, Boolean> candidates = new LinkedHashMap<>(); // task → known to be running
    Map<Long, Long> runningOnLoop = new HashMap<>();
    if (asyncio.publishedLists()) {
      for (long t : threadStates) {
        walkList(t + asyncio.threadTasksHead, candidates, counter);
        long running = image.u64(t + asyncio.threadRunningTask);
        if (running != 0) {
          candidates.put(running, Boolean.TRUE);
        }
      }
      walkList(interpreter + asyncio.interpreterTasksHead, candidates, counter);
    } else if (!registries(interpreter, candidates, runningOnLoop, counter, now)) {
      return new TaskCensus(List.of(), loops, 0, 0);
    }
    // breadth first, so that each level's objects are read ahead together: tasks, then their coroutines
    long[] addresses = new long[candidates.size()];
    int n = 0;
    for (long task : candidates.keySet()) {
      addresses[n++] = task;
    }
    image.prefetch(addresses, n, asyncio.taskSize);
    List<Fields> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Fields f = taskFields(addresses[i], counter);
      if (f != null) {
        fields.add(f);
        addresses[fields.size() - 1] = f.coro;
      }
    }
    image.prefetch(addresses, fields.size(), COROUTINE_READ_AHEAD);
    Map<Long, Set<Long>> awaitedBy = new HashMap<>();
    List<Raw> raws = new ArrayList<>(fields.size());
    for (Fields f : fields) {
      Raw raw = readTask(f, now, counter);
      if (raw != null) {
        raws.add(raw);
        edges(raw, awaitedBy);
      }
    }
    LongMap<Known> nowKnown = new LongMap<>(raws.size());
    List<AsyncTask> out = new ArrayList<>(raws.size());
    for (Raw r : raws) {
      Known before = known.get(r.address);
      Awaited awaited = before != null && before.chain == r.chain ? before.awaited : AwaitClassifier.classify(r.chain, r.awaitedRole());
      nowKnown.put(r.address, new Known(r.chain, awaited));
      List<Long> parents = new ArrayList<>(awaitedBy.getOrDefault(r.address, Set.of()));
      out.add(new AsyncTask(r.address, r.name, r.loop, r.chain.frames(), awaited, parents));
    }
    known = nowKnown;
    return new TaskCensus(out, loops, counter.truncated, counter.dropped);
  }

  /** Chains decoded since creation, and chains found unchanged and reused (a cost measure). */
  public long chainsDecoded() {
    return chains.decoded();
  }

  public long chainsReused() {
    return chains.reused();
  }

  private static final class Counter {
    int truncated;
    int dropped;
    int seen;
  }

  private record Raw(long address, String name, long loop, CoroutineChain.Result chain, long futWaiter, long awaitedByField,
      boolean awaitedByIsSet, long callback0, long callbacks) {
    AsyncTypes.Role awaitedRole() {
      return chain.awaitedRole();
    }
  }

  // ---- finding the tasks -------------------------------------------------------------------

  private List<Long> threadStates(long interpreter) {
    List<Long> out = new ArrayList<>();
    long t = image.u64(interpreter + threads.interpThreadsHead);
    for (int i = 0; t != 0 && i < MAX_THREADS && PythonPointers.plausible(t) && !out.contains(t); i++) {
      out.add(t);
      t = image.u64(t + threads.tstateNext);
    }
    return out;
  }

  /** Thread state → the loop it runs, from where each version keeps the running loop. */
  private Map<Long, Long> runningLoops(List<Long> threadStates) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (long t : threadStates) {
      long loop;
      if (asyncio.threadRunningLoop >= 0) {
        loop = image.u64(t + asyncio.threadRunningLoop);
      } else {
        long dict = image.u64(t + interp.tstateDict);
        long holder = dict == 0 ? 0 : attributes.item(dict, RUNNING_LOOP_KEY);
        // 3.8–3.11 store a _RunningLoopHolder (rl_loop, rl_pid); 3.12 the loop itself
        loop = holder != 0 && threads.minor <= 11 ? image.u64(holder + 16) : holder;
      }
      if (PythonPointers.plausible(loop) && types.typeOf(loop) != null) {
        out.put(t, loop);
      }
    }
    return out;
  }

  /** 3.14+: a circular list of {@code task_node}s whose sentinel is at {@code head}. */
  private void walkList(long head, Map<Long, Boolean> into, Counter counter) {
    long node = image.u64(head);
    for (int steps = 0; node != head; steps++) {
      if (node == 0 || !PythonPointers.plausible(node)) {
        counter.dropped++; // a node unlinked while we read: the rest of this list is unreliable
        return;
      }
      if (counter.seen >= maxTasks || steps > MAX_SET_SLOTS) {
        counter.truncated++;
        return;
      }
      counter.seen++;
      into.putIfAbsent(node - asyncio.taskNode, Boolean.FALSE);
      node = image.u64(node);
    }
  }

  /** Where the registries were found, and when: looked up again every few seconds, or when one stops checking out. */
  private long registrySet;
  private long eagerSet;
  private long currentDict;
  private long registriesFoundAt = Long.MIN_VALUE / 2;
  private static final long REGISTRY_REFRESH_NANOS = 2_000_000_000L;

  /** 3.8–3.13: the module's registries. False when asyncio was never imported. */
  private boolean registries(long interpreter, Map<Long, Boolean> into, Map<Long, Long> runningOnLoop, Counter counter, long now) {
    if (now - registriesFoundAt > REGISTRY_REFRESH_NANOS || !is(registrySet, TypeKind.SET)) {
      if (!findRegistries(interpreter)) {
        return false;
      }
      registriesFoundAt = now;
    }
    long[] refs = setKeys(registrySet);
    image.prefetch(refs, refs.length, WEAKREF_READ_AHEAD);
    for (long ref : refs) {
      long target = image.u64(ref + 16); // PyWeakReference.wr_object; Py_None once dead
      if (is(ref, TypeKind.WEAKREF) && roles.of(target) == AsyncTypes.Role.TASK) {
        add(into, target, counter);
      }
    }
    forEachSetKey(eagerSet, task -> {
      if (roles.of(task) == AsyncTypes.Role.TASK) {
        add(into, task, counter);
      }
    });
    if (is(currentDict, TypeKind.DICT)) {
      new dev.pyrometer.agent.python.objects.DictReader(image, o).forEach(currentDict, (loop, task) -> {
        if (roles.of(task) == AsyncTypes.Role.TASK) {
          into.put(task, Boolean.TRUE);
          runningOnLoop.put(loop, task);
        }
      });
    }
    return true;
  }

  /** sys.modules['asyncio.tasks'] → the weak set's {@code data}, {@code _eager_tasks}, {@code _current_tasks}. */
  private boolean findRegistries(long interpreter) {
    long modules = image.u64(interpreter + interp.interpModules);
    long module = modules == 0 ? 0 : attributes.item(modules, "asyncio.tasks");
    if (module == 0) {
      return false;
    }
    long dict = image.u64(module + o.moduleDict);
    long weakSet = attributes.item(dict, threads.minor >= 12 ? "_scheduled_tasks" : "_all_tasks");
    registrySet = weakSet == 0 ? 0 : attributes.attribute(weakSet, "data");
    eagerSet = threads.minor >= 12 ? attributes.item(dict, "_eager_tasks") : 0;
    currentDict = attributes.item(dict, "_current_tasks");
    return registrySet != 0;
  }

  private boolean is(long object, TypeKind kind) {
    TypeInfo t = object == 0 ? null : types.typeOf(object);
    return t != null && t.kind() == kind;
  }

  private void add(Map<Long, Boolean> into, long task, Counter counter) {
    if (into.containsKey(task)) {
      return;
    }
    if (counter.seen >= maxTasks) {
      counter.truncated++;
      return;
    }
    counter.seen++;
    into.put(task, Boolean.FALSE);
  }

  private long[] setKeys(long set) {
    long[][] keys = {new long[64]};
    int[] n = {0};
    forEachSetKey(set, key -> {
      if (n[0] == keys[0].length) {
        keys[0] = java.util.Arrays.copyOf(keys[0], n[0] * 2);
      }
      keys[0][n[0]++] = key;
    });
    return java.util.Arrays.copyOf(keys[0], n[0]);
  }

  private void forEachSetKey(long set, java.util.function.LongConsumer action) {
    TypeInfo t = set == 0 ? null : types.typeOf(set);
    if (t == null || t.kind() != TypeKind.SET) {
      return;
    }
    long mask = image.u64(set + o.setMask);
    long table = image.u64(set + o.setTable);
    if (mask < 0 || mask >= MAX_SET_SLOTS || !PythonPointers.plausible(table)) {
      return;
    }
    long dummy = setDummyPointer == 0 ? 0 : image.u64(setDummyPointer);
    int slots = (int) mask + 1;
    byte[] entries = new byte[(int) (slots * o.setEntrySize)];
    if (!image.read(table, entries, 0, entries.length)) {
      return;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(entries).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < slots; i++) {
      long key = b.getLong((int) (i * o.setEntrySize));
      if (key != 0 && key != dummy && PythonPointers.plausible(key)) {
        action.accept(key);
      }
    }
  }

  // ---- one task --------------------------------------------------------------------------

  /** A task's own fields, read in one go; the coroutine chain is followed later. */
  private record Fields(long task, long loop, long coro, long name, long futWaiter, long callback0, long callbacks,
      long awaitedBy, boolean awaitedByIsSet) {}

  private Fields taskFields(long task, Counter counter) {
    try {
      if (roles.of(task) != AsyncTypes.Role.TASK) {
        throw new MemoryReadException("not a task", task);
      }
      long loop;
      long coro;
      long name;
      long futWaiter;
      long callback0 = 0;
      long callbacks = 0;
      long awaitedBy = 0;
      boolean awaitedByIsSet = false;
      if (!asyncio.publishedLists() && roles.isPythonTask(task)) {
        Object state = attributes.text(attributes.attribute(task, "_state"));
        if (state != null && !"PENDING".equals(state)) {
          return null;
        }
        loop = attributes.attribute(task, "_loop");
        coro = attributes.attribute(task, "_coro");
        name = attributes.attribute(task, "_name");
        futWaiter = attributes.attribute(task, "_fut_waiter");
        callbacks = attributes.attribute(task, "_callbacks");
      } else {
        byte[] b = new byte[asyncio.taskSize];
        if (!image.read(task, b, 0, b.length)) {
          throw new MemoryReadException("task gone", task);
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (asyncio.futState >= 0 && bb.getInt((int) asyncio.futState) != 0) {
          return null; // done or cancelled since it was registered
        }
        loop = bb.getLong((int) asyncio.futLoop);
        coro = bb.getLong((int) asyncio.taskCoro) & ~3L;
        name = bb.getLong((int) asyncio.taskName) & ~3L;
        futWaiter = bb.getLong((int) asyncio.taskFutWaiter) & ~3L;
        callback0 = bb.getLong(24);
        callbacks = bb.getLong(40);
        if (asyncio.taskAwaitedBy >= 0) {
          awaitedBy = bb.getLong((int) asyncio.taskAwaitedBy) & ~3L;
          awaitedByIsSet = b[(int) asyncio.taskAwaitedByIsSet] != 0;
        }
      }
      if (coro == 0) {
        throw new MemoryReadException("task has no coroutine", task);
      }
      return new Fields(task, loop, coro, name, futWaiter, callback0, callbacks, awaitedBy, awaitedByIsSet);
    } catch (MemoryReadException | RuntimeException e) {
      counter.dropped++;
      return null;
    }
  }

  private Raw readTask(Fields f, long now, Counter counter) {
    try {
      AsyncTypes.Role coroRole = roles.of(f.coro);
      if (coroRole != AsyncTypes.Role.COROUTINE && coroRole != AsyncTypes.Role.OTHER) {
        throw new MemoryReadException("task coroutine is not valid", f.task);
      }
      Known before = known.get(f.task);
      CoroutineChain.Result chain = chains.follow(f.coro, now, before == null ? null : before.chain);
      return new Raw(f.task, nameOf(f.name, f.task), f.loop, chain, f.futWaiter, f.awaitedBy, f.awaitedByIsSet,
          f.callback0, f.callbacks);
    } catch (MemoryReadException | RuntimeException e) {
      counter.dropped++;
      return null;
    }
  }

  private String nameOf(long name, long task) {
    TypeInfo t = name == 0 ? null : types.typeOf(name);
    if (t != null && t.kind() == TypeKind.STR) {
      String s = strings.text(name, 200);
      if (s != null) {
        return s;
      }
    }
    if (t != null && t.kind() == TypeKind.INT) {
      return "Task-" + attributes.intValue(name, 0); // 3.14 formats the default name lazily
    }
    return "Task at 0x" + Long.toHexString(task);
  }

  /** Who awaits whom: {@code await task}, gather's children, TaskGroup children, 3.14's awaited_by. */
  private void edges(Raw r, Map<Long, Set<Long>> awaitedBy) {
    if (asyncio.publishedLists()) {
      if (r.awaitedByField != 0) {
        if (r.awaitedByIsSet) {
          forEachSetKey(r.awaitedByField, parent -> linkTask(awaitedBy, r.address, parent));
        } else {
          linkTask(awaitedBy, r.address, r.awaitedByField);
        }
      }
      return;
    }
    AsyncTypes.Role waiter = r.futWaiter == 0 ? null : roles.of(r.futWaiter);
    if (waiter == AsyncTypes.Role.TASK) {
      link(awaitedBy, r.futWaiter, r.address);
    } else if (waiter == AsyncTypes.Role.GATHERING_FUTURE) {
      long children = attributes.attribute(r.futWaiter, "_children");
      forEachListItem(children, child -> link(awaitedBy, child, r.address));
    }
    // a TaskGroup child carries the group's _on_task_done as a done-callback
    forEachCallback(r, callback -> {
      TypeInfo t = types.typeOf(callback);
      if (t != null && t.kind() == TypeKind.METHOD) {
        long self = image.u64(callback + o.methodSelf);
        TypeInfo st = types.typeOf(self);
        if (st != null && st.fullName().equals("asyncio.taskgroups.TaskGroup")) {
          long parent = attributes.attribute(self, "_parent_task");
          if (parent != 0) {
            link(awaitedBy, r.address, parent);
          }
        }
      }
    });
  }

  private void forEachCallback(Raw r, java.util.function.LongConsumer action) {
    if (r.callback0 != 0) {
      action.accept(r.callback0);
    }
    forEachListItem(r.callbacks, item -> {
      TypeInfo t = types.typeOf(item);
      if (t != null && t.kind() == TypeKind.TUPLE) {
        action.accept(image.u64(item + o.tupleItems)); // (callback, context)
      } else {
        action.accept(item);
      }
    });
  }

  private void forEachListItem(long list, java.util.function.LongConsumer action) {
    TypeInfo t = list == 0 ? null : types.typeOf(list);
    if (t == null || t.kind() != TypeKind.LIST) {
      return;
    }
    long n = image.u64(list + o.obSize);
    long items = image.u64(list + o.listItems);
    for (long i = 0; i < Math.min(n, 4096); i++) {
      long item = image.u64(items + 8 * i);
      if (PythonPointers.plausible(item)) {
        action.accept(item);
      }
    }
  }

  private void linkTask(Map<Long, Set<Long>> awaitedBy, long child, long parent) {
    if (roles.of(parent) == AsyncTypes.Role.TASK) {
      link(awaitedBy, child, parent);
    }
  }

  private static void link(Map<Long, Set<Long>> awaitedBy, long child, long parent) {
    if (child != parent) {
      awaitedBy.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
    }
  }
}
