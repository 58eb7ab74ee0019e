package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.memory.LongMap;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.TargetGoneException;
import dev.pyrometer.agent.memory.TickSleep;
import dev.pyrometer.agent.proc.OsThreadState;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.proc.ThreadStateReader;
import dev.pyrometer.agent.profile.AsyncFrames;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadStack;
import dev.pyrometer.contract.CpuAccount;
import dev.pyrometer.contract.SamplingClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples one process at a fixed average rate on its own platform thread, never stopping the
 * target. Each gap is jittered uniformly within ±50% of the interval, so that a workload with a
 * period (a 10 ms loop) cannot alias with the sampling clock and skew the shares. Each tick walks
 * every Python thread, keeps the threads the mode asks for, and adds their stacks under
 * a process root and a thread level. Ends at the deadline, on {@link #stop()}, or when the process
 * exits.
 */
final class ProcessSampler implements Runnable {
  /** After this many consecutive unreadable samples, check whether the process still exists. */
  private static final int FAILURES_BEFORE_LIVENESS_CHECK = 10;
  /** How often the /proc files of threads that ended are closed (by time: a flat-out rate would list the threads 100 times a second). */
  private static final long NANOS_BETWEEN_FILE_CLEANUPS = 1_000_000_000L;
  /**
   * Sleeps shorter than this are not taken: the kernel ends a sleep up to its timer slack (50 us
   * by default) late anyway, and the two context switches cost more CPU than such a wait. Only
   * rates above ~10 kHz, or a sampler running behind, have such gaps.
   */
  private static final long SHORTEST_SLEEP_NANOS = 50_000;
  /** Drop reason of cpu/offcpu stacks whose thread state names no live OS thread. */
  static final String UNTIED_REASON = "no-os-thread";

  private final AttachedProcess process;
  private final SampleMode mode;
  private final int rateHz;
  private final long intervalNanos;
  private final long deadlineNanos;
  private final StackSink sink;
  /** Frame ids (of the sink's call tree) of the process level, and of each thread level by tid. */
  private final int processFrame;
  private final String processComm;
  /** Per OS thread (by host tid): its thread level and, in cpu mode, its last running path. */
  private final LongMap<OsThread> osThreads = new LongMap<>(64);
  /** Frame ids of Python frames by (code object, line): no FrameKey built per frame and sample. */
  private final FrameIds frameIds;
  /** The stack being recorded, as frame ids root first: reused from sample to sample. */
  private int[] path = new int[64];
  private final CpuTimeWeights cpuWeights;
  /** cpu mode: the process's CPU time at the end (at the baseline: {@link CpuTimeWeights}); -1 unread. */
  private long processCpuAtEnd = -1;
  /** Per thread state: its last recorded stack (see {@link RecordedStack}). */
  private final LongMap<RecordedStack> recordedStacks = new LongMap<>(64);
  private final DropCounts drops = new DropCounts();
  private volatile boolean stopped;
  private volatile boolean exited;
  private final java.util.SplittableRandom jitter = new java.util.SplittableRandom();
  private long samples;
  /** Stacks of threads tied to no OS thread (see {@link dev.pyrometer.agent.python.OsThreadTies}). */
  private long untiedStacks;
  private long ticks;
  private long lateTicks;
  private long missedTicks;
  private long failedTicks;
  private long startedNanos;
  private long endedNanos;
  private long nextTickNanos;
  private long lastCleanupNanos;
  private int consecutiveFailures;
  private final TickSleep sleep = new TickSleep();

  /** Null when asyncio attribution is off. */
  private final TaskAttribution tasks;

  ProcessSampler(AttachedProcess process, SampleMode mode, int rateHz, long deadlineNanos, StackSink sink, boolean asyncTasks) {
    this.tasks = asyncTasks ? new TaskAttribution(new AsyncioAccess(process.pid(), process.runtime()), drops) : null;
    this.process = process;
    this.mode = mode;
    this.rateHz = rateHz;
    this.intervalNanos = 1_000_000_000L / rateHz;
    this.deadlineNanos = deadlineNanos;
    this.sink = sink;
    this.processFrame = sink.intern(FrameKey.process(process.pid(), process.commandLine()));
    this.frameIds = new FrameIds(sink);
    this.processComm = ProcFs.comm(process.pid()).orElse("");
    this.cpuWeights = new CpuTimeWeights(intervalNanos, new java.util.SplittableRandom());
  }

  @Override
  public void run() {
    // The loop only calls methods: it runs once, so the JVM would interpret its body until an
    // on-stack replacement (tens of thousands of iterations: a minute at 1 kHz); a method called
    // every tick is compiled after a few hundred.
    try (ThreadStateReader states = new ThreadStateReader(process.pid()); TaskAttribution closing = tasks) {
      startedNanos = System.nanoTime();
      nextTickNanos = startedNanos;
      lastCleanupNanos = startedNanos;
      while (!stopped && !exited && tick(states)) {
        awaitNextTick();
      }
      flushCpuTime(states);
    } finally {
      endedNanos = System.nanoTime();
    }
  }

  /** One tick and its bookkeeping; false once the deadline has passed (after at least one tick). */
  private boolean tick(ThreadStateReader states) {
    long now = System.nanoTime();
    if (now >= deadlineNanos && ticks > 0) {
      return false; // at least one tick, even when the thread started late on a starved machine
    }
    boolean read = sampleOnce(states);
    if (ticks == 0 && mode == SampleMode.CPU) {
      baselineEveryThread(states);
    }
    consecutiveFailures = read ? 0 : consecutiveFailures + 1;
    failedTicks += read ? 0 : 1;
    if (consecutiveFailures >= FAILURES_BEFORE_LIVENESS_CHECK) {
      consecutiveFailures = 0;
      exited = !process.alive();
    }
    ticks++;
    if (now - lastCleanupNanos >= NANOS_BETWEEN_FILE_CLEANUPS) {
      lastCleanupNanos = now;
      forgetEndedThreads(states);
    }
    return true;
  }

  private void forgetEndedThreads(ThreadStateReader states) {
    java.util.Set<Integer> live = new java.util.HashSet<>(ProcFs.tasks(process.pid()));
    chargeEndedThreads(live, states);
    states.retainOnly(live);
    osThreads.retainIf((tid, thread) -> live.contains((int) tid));
    recordedStacks.clear(); // thread states of threads that ended: rebuilt on the next tick
  }

  /**
   * cpu mode, after the first tick: every thread gets its baseline now, so that one first seen
   * later is known to be born during the recording, all its CPU time in it (see {@link CpuTimeWeights}).
   */
  private void baselineEveryThread(ThreadStateReader states) {
    for (int tid : ProcFs.tasks(process.pid())) {
      consumeWhileNotRunning(tid, states);
    }
    cpuWeights.everyThreadHasItsBaseline(processCpuNanos());
  }

  private final List<OsThread> endedWithStacks = new ArrayList<>();

  /**
   * cpu mode: the threads that ended since the last call leave their carried CPU time to their last
   * running stacks, and share the process's CPU time no read accounts for (what they ran after
   * their last read) evenly among those stacks. The process's CPU time is read first, then every
   * live thread: the rest of it is then the ended threads'. (In the other order, what a live thread
   * ran between its read and the process's would count twice, and on a busy machine the sampler can
   * wait tens of milliseconds there; in this order it is only handed out one call later.)
   */
  private void chargeEndedThreads(java.util.Set<Integer> live, ThreadStateReader states) {
    if (mode != SampleMode.CPU || !cpuWeights.countsNewThreadsFromZero()) {
      return;
    }
    long processCpu = processCpuNanos();
    for (int tid : live) {
      cpuWeights.weigh(tid, states.cpuNanos(tid), false);
    }
    endedWithStacks.clear();
    cpuWeights.forgetEnded(live, (tid, carried) -> {
      OsThread thread = osThreads.get(tid);
      if (thread == null || thread.lastRunning.length == 0) {
        return false;
      }
      endedWithStacks.add(thread);
      addOnLastRunning(thread, cpuWeights.endedIntervals(carried));
      return true;
    });
    if (endedWithStacks.isEmpty()) {
      return; // the unaccounted time waits for threads that can take it
    }
    long each = cpuWeights.endedTail(processCpu) / endedWithStacks.size();
    for (OsThread thread : endedWithStacks) {
      addOnLastRunning(thread, cpuWeights.endedIntervals(each));
    }
    lastEnded = endedWithStacks.get(endedWithStacks.size() - 1);
  }

  /** cpu mode: the last thread that ended with a stack, which takes what ended threads left at the end. */
  private OsThread lastEnded;

  private void addOnLastRunning(OsThread thread, long weight) {
    if (weight > 0) {
      sink.add(thread.lastRunning.ids, thread.lastRunning.length, weight);
      samples += weight;
    }
  }

  /** The process's CPU time, its ended threads' included; -1 when it is gone. */
  private long processCpuNanos() {
    long ticks = ProcFs.cpuTicks(process.pid());
    return ticks < 0 ? -1 : ticks * (1_000_000_000L / ProcFs.CLOCK_TICKS_PER_SECOND);
  }

  /**
   * Sleeps until the next jittered tick; a tick already past is skipped rather than burst, and
   * one due sooner than {@link #SHORTEST_SLEEP_NANOS} is taken at once.
   */
  private void awaitNextTick() {
    nextTickNanos += intervalNanos / 2 + jitter.nextLong(intervalNanos + 1);
    long now = System.nanoTime();
    if (nextTickNanos < now) {
      long behind = (now - nextTickNanos) / intervalNanos;
      lateTicks += behind + 1;
      missedTicks += behind;
      nextTickNanos += behind * intervalNanos;
    } else if (nextTickNanos - now >= SHORTEST_SLEEP_NANOS) {
      sleep.until(nextTickNanos);
    }
  }

  /** cpu mode: the CPU time consumed since each thread's last running observation, on that stack. */
  private void flushCpuTime(ThreadStateReader states) {
    if (mode != SampleMode.CPU || exited) {
      return;
    }
    // reads every live thread: what each carries is then all it ran
    chargeEndedThreads(new java.util.HashSet<>(ProcFs.tasks(process.pid())), states);
    osThreads.forEach((tid, thread) -> {
      if (thread.lastRunning.length > 0) {
        addOnLastRunning(thread, cpuWeights.flush((int) tid));
      }
    });
    if (lastEnded != null) {
      addOnLastRunning(lastEnded, cpuWeights.flushEnded());
    }
    processCpuAtEnd = processCpuNanos(); // after every thread's last read: it holds all they ran
  }

  /** The stacks of the current tick, and the listener that collects them: reused, not allocated per tick. */
  private final List<ThreadStack> tickStacks = new ArrayList<>();
  private ThreadStateReader tickStates;
  private final StackWalker.Listener collector = new StackWalker.Listener() {
    @Override
    public void thread(ThreadStack stack) {
      tickStacks.add(stack);
    }

    @Override
    public void dropped(String reason) {
      drops.add(reason);
    }

    @Override
    public void withoutPythonFrames(long threadStateAddress, int nativeThreadId) {
      if (mode == SampleMode.CPU && nativeThreadId != 0) {
        // CPU time spent outside Python code is not in the profile: only consume it
        consumeWhileNotRunning(process.hostTid(nativeThreadId), tickStates);
      }
    }
  };

  /** One tick; false when the interpreter could not be read at all. */
  private boolean sampleOnce(ThreadStateReader states) {
    List<ThreadStack> stacks = tickStacks;
    stacks.clear();
    tickStates = states;
    try {
      process.walker().walk(collector);
    } catch (TargetGoneException e) {
      exited = true;
      return false;
    } catch (MemoryReadException e) {
      drops.add("interpreter-torn");
      return false;
    } catch (RuntimeException e) {
      // memory that changed under us in a way no check caught: drop the sample, keep sampling
      drops.add("walker-error");
      return false;
    }
    if (tasks != null) {
      tasks.newTick();
    }
    for (int i = 0; i < stacks.size(); i++) {
      record(stacks.get(i), states);
    }
    return true;
  }

  /**
   * cpu mode, a thread not running (or not in Python code): its CPU time goes to its next running
   * stack, and the read there takes all of it, so only a thread without a baseline is read now (one
   * procfs read less per idle thread and tick).
   */
  private void consumeWhileNotRunning(int tid, ThreadStateReader states) {
    if (!cpuWeights.observed(tid)) {
      cpuWeights.weigh(tid, states.cpuNanos(tid), false);
    }
  }

  private void record(ThreadStack stack, ThreadStateReader states) {
    RecordedStack recorded = recordedStacks.get(stack.threadStateAddress());
    boolean again = recorded != null && recorded.stack == stack; // the walker reported it unchanged
    if (stack.nativeThreadId() == 0) {
      untiedStacks++;
      if (mode != SampleMode.WALL) {
        drops.add(UNTIED_REASON);
        return;
      }
    }
    int tid = again ? recorded.tid : stack.nativeThreadId() == 0 ? 0 : process.hostTid(stack.nativeThreadId());
    OsThreadState state = null;
    long weight = 1;
    if (mode == SampleMode.CPU) {
      // its CPU time first: a thread that has not run since its last read has nothing to weigh,
      // running or not, and needs no second read (at 1 kHz a busy thread's counter moves at one
      // tick in four: the kernel updates it at scheduler ticks)
      long cpuNanos = states.cpuNanos(tid);
      if (cpuNanos < 0) {
        drops.add("thread-exited");
        return;
      }
      if (!cpuWeights.movedSince(tid, cpuNanos)) {
        return;
      }
      state = states.readRunning(tid);
      if (state == OsThreadState.GONE) {
        drops.add("thread-exited");
        return;
      }
      weight = cpuWeights.weigh(tid, cpuNanos, state.running());
      if (!state.running()) {
        return;
      }
    } else if (mode == SampleMode.OFFCPU) {
      state = states.read(tid, true);
      if (state == OsThreadState.GONE) {
        drops.add("thread-exited");
        return;
      }
      if (!state.blocked()) {
        return;
      }
    }
    List<FrameKey> asyncio = tasks == null ? null : tasks.attribute(stack, mode != SampleMode.CPU);
    if (again && asyncio == null && mode != SampleMode.OFFCPU && (recorded.leaf != null || weight == 0)) {
      // the same path as last time: no frame ids, no node lookups
      if (mode == SampleMode.CPU) {
        osThread(tid).lastRunning.copy(recorded.path.ids, recorded.path.length);
      }
      if (weight > 0) {
        sink.addAgain(recorded.leaf, weight);
        samples += weight;
      }
      return;
    }
    int n = 0;
    path = room(path, 2);
    path[n++] = processFrame;
    OsThread osThread = osThread(tid);
    path[n++] = osThread.frame;
    if (asyncio != null) {
      path = room(path, n + asyncio.size() + 1);
      for (FrameKey f : asyncio) {
        path[n++] = sink.intern(f);
      }
      boolean awaiting = asyncio.get(asyncio.size() - 1).name().startsWith(AsyncFrames.AWAITS_PREFIX);
      if (mode == SampleMode.OFFCPU && !awaiting) { // a running task blocked in a call: keep the system call
        String syscall = state.syscallName();
        path[n++] = sink.intern(syscall != null ? FrameKey.syscall(syscall) : FrameKey.marker("<blocked outside a syscall>"));
      }
      sink.add(path, n, 1);
      samples++;
      return;
    }
    List<PyFrame> frames = stack.frames();
    path = room(path, n + frames.size() + 2);
    if (stack.truncated()) {
      path[n++] = sink.intern(FrameKey.marker("<truncated>"));
    }
    for (int i = frames.size() - 1; i >= 0; i--) {
      PyFrame f = frames.get(i);
      path[n++] = frameIds.of(f.code(), f.line());
    }
    if (mode == SampleMode.OFFCPU) {
      String syscall = state.syscallName();
      path[n++] = sink.intern(syscall != null ? FrameKey.syscall(syscall) : FrameKey.marker("<blocked outside a syscall>"));
    }
    if (mode == SampleMode.CPU) {
      osThread.lastRunning.copy(path, n);
    }
    CallTree.Node leaf = weight == 0 ? null : sink.add(path, n, weight);
    samples += weight;
    if (mode != SampleMode.OFFCPU) {
      if (recorded == null) {
        recorded = new RecordedStack();
        recordedStacks.put(stack.threadStateAddress(), recorded);
      }
      recorded.stack = stack;
      recorded.tid = tid;
      recorded.leaf = leaf;
      if (mode == SampleMode.CPU) {
        recorded.path.copy(path, n);
      }
    }
  }

  /**
   * A thread's last recorded stack and where it went: a stack the walker reports unchanged (the same
   * object) is added again without building its path or looking up its nodes.
   */
  private static final class RecordedStack {
    ThreadStack stack;
    int tid;
    /** Null when nothing was added (cpu mode, no CPU time yet). */
    CallTree.Node leaf;
    /** cpu mode: the path, root first. */
    final PathCopy path = new PathCopy();
  }

  /** What the sampler keeps of one OS thread. */
  private static final class OsThread {
    /** Frame id of the thread level. */
    final int frame;
    /** cpu mode: its last stack seen running, where its CPU time left at the end goes; empty before. */
    final PathCopy lastRunning = new PathCopy();

    OsThread(int frame) {
      this.frame = frame;
    }
  }

  /** A path of frame ids kept beyond the tick; its array is reused, not allocated per sample. */
  private static final class PathCopy {
    int[] ids = new int[0];
    int length;

    void copy(int[] from, int n) {
      if (ids.length < n) {
        ids = new int[Math.max(n, 2 * ids.length)];
      }
      System.arraycopy(from, 0, ids, 0, n);
      length = n;
    }
  }

  private OsThread osThread(int tid) {
    OsThread t = osThreads.get(tid);
    if (t == null) {
      t = new OsThread(threadFrame(tid));
      osThreads.put(tid, t);
    }
    return t;
  }

  private static int[] room(int[] ids, int needed) {
    return ids.length >= needed ? ids : java.util.Arrays.copyOf(ids, Math.max(needed, ids.length * 2));
  }

  /** The thread level: its id, and its name when the OS knows one other than the process's. */
  private int threadFrame(int tid) {
    String comm = ProcFs.comm(process.pid(), tid).orElse("");
    return sink.intern(FrameKey.thread(tid, comm.equals(processComm) ? null : comm));
  }

  void stop() {
    stopped = true;
  }

  AttachedProcess process() {
    return process;
  }

  boolean exited() {
    return exited;
  }

  /** Samples recorded; in cpu mode, intervals of CPU time (see {@link CpuTimeWeights}). */
  long samples() {
    return samples;
  }

  /** Stacks walked whose thread could not be tied to an OS thread (any mode). */
  long untiedStacks() {
    return untiedStacks;
  }

  long ticks() {
    return ticks;
  }

  long lateTicks() {
    return lateTicks;
  }

  /** The clock's account of this process: read after {@link #run()} returned. */
  SamplingClock clock() {
    double seconds = Math.max(1e-9, (endedNanos - startedNanos) / 1e9);
    double achieved = Math.round(ticks / seconds * 10) / 10.0;
    return new SamplingClock(rateHz, ticks + missedTicks, ticks, missedTicks, failedTicks, achieved);
  }

  /**
   * cpu mode: the process's CPU seconds from the first tick's baselines to the end, and the seconds
   * of them the profile holds; null in the other modes and when the process exited before the end.
   */
  CpuAccount cpuAccount() {
    long atBaseline = cpuWeights.processCpuAtBaseline();
    if (mode != SampleMode.CPU || atBaseline < 0 || processCpuAtEnd < 0) {
      return null;
    }
    return new CpuAccount(milliRounded(processCpuAtEnd - atBaseline), milliRounded(samples * intervalNanos));
  }

  private static double milliRounded(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }

  DropCounts drops() {
    return drops;
  }
}
