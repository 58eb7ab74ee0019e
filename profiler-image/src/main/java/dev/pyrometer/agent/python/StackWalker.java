package dev.pyrometer.agent.python;

import dev.pyrometer.agent.attach.PythonRuntime;
import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.python.PythonLayout.FrameModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks interpreters → threads → frames of a running (or dumped) CPython, reading memory that
 * changes under it: every loop is bounded, every pointer checked, cycles detected. A thread whose
 * walk fails is reported to the {@link Listener} as dropped, with the reason; the other threads of
 * the sample are kept. Most bytes of a sample come from one scatter read of what the previous sample
 * needed ({@link ReadAhead}); every stack is then confirmed by a second scatter read
 * ({@link StackCheck}) before it is reported, so that a stack pieced together from two instants is
 * walked again or dropped, never reported. A thread whose bytes are those of its last confirmed
 * stack is not walked at all: that stack is reported again ({@link SteadyStacks}). Not
 * thread-safe: one walker per sampling thread.
 */
public final class StackWalker {
  public static final int MAX_INTERPRETERS = 256;
  public static final int MAX_THREADS = 4096;
  public static final int MAX_DEPTH = 4096;
  /** The live part of a 3.11+ data-stack chunk is read in one call up to this size. */
  private static final int MAX_CHUNK_READ = 256 * 1024;
  /** Read ahead this much of a chunk past its live part, so a stack a few frames deeper still fits. */
  private static final int CHUNK_SLACK = 2048;

  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final long runtimeAddress;
  /** 3.12's code-creation counter ({@link PythonRuntime#codeCounterAddress()}), 0 when unknown. */
  private final long codeCounterAddress;
  /** Its value in this sample. */
  private long codeCreations = -1;
  private final CodeCache codes;
  private final ThreadIdResolver pthreadTids;
  private final OsThreadTies ties;
  /** Reads ahead for the sample's walk. */
  private final ReadAhead sampleAhead;
  /** Reads ahead for a thread walked again, twice: see {@link #reportChecked}. */
  private final ReadAhead retryAhead;
  /** The one the walk takes bytes from and tells what it wants: one of the two. */
  private ReadAhead ahead;
  private final byte[] tstate;
  private final byte[] frame;
  private final byte[] code;
  private final byte[] pointer = new byte[8];
  private byte[] window = new byte[16 * 1024];
  /** The live part of the current data-stack chunk: in {@link #window} or in the read-ahead batch. */
  private byte[] windowBytes;
  private int windowBase;
  private long windowStart;
  private int windowLength;
  /** Where the bytes of the last {@link #load} start in the array it returned. */
  private int loadedBase;
  /** While a thread is walked again after a failed check: no kept stack, no code object trusted unread. */
  private boolean rewalking;
  /** Re-reads what the sample's stacks were built from before they are reported. */
  private final StackCheck sampleCheck;
  /** The same for one thread walked again. */
  private final StackCheck threadCheck;
  /** The check the walk feeds: the sample's, or the thread's while it is walked again. */
  private StackCheck check;
  /** Stacks walked in this sample, waiting for the check; the interpreter of each. */
  private final List<ThreadStack> walked = new ArrayList<>();
  private long[] walkedInterps = new long[64];
  /** Per walked stack: its steady entry, to keep once confirmed; null for a stack found unchanged. */
  private SteadyStacks.Entry[] walkedEntries = new SteadyStacks.Entry[64];
  /** Confirmed stacks of threads that have not moved: reported again without a walk. */
  private final SteadyStacks steady;
  /** The entry the current walk records its bytes into (null while walking again). */
  private SteadyStacks.Entry capturing;
  /** Whether the last {@link #walkThread} found the thread's kept stack unchanged. */
  private boolean unchanged;
  /** Whether the last {@link #frameBytes} came from the chunk window. */
  private boolean fromWindow;
  /** Code objects of this sample's unchanged stacks, each once, verified by the sample's check. */
  private final LongVisitedSet steadyCodesSeen = new LongVisitedSet(256);
  private long[] steadyCodes = new long[64];
  private long[] steadyFingerprints = new long[64];
  private int steadyCodeCount;
  private long rewalks;
  /** Whether this sample took a code object from the cache on the strength of the generation. */
  private boolean usedTrusted;
  private final LongVisitedSet visitedFrames = new LongVisitedSet(8192);
  private final LongVisitedSet visitedThreads = new LongVisitedSet(8192);
  private final long[] interps = new long[MAX_INTERPRETERS];
  private final long[] generations = new long[MAX_INTERPRETERS];

  /** Receives each thread's stack, or why it was dropped. */
  public interface Listener {
    void thread(ThreadStack stack);

    void dropped(String reason);

    /** A thread that runs no Python code right now (in C: a server's accept loop, a C extension). */
    default void withoutPythonFrames(long threadStateAddress, int tid) {}
  }

  public StackWalker(ProcessMemory memory, PythonRuntime runtime, ThreadIdResolver pthreadTids) {
    this.memory = memory;
    this.layout = runtime.layout();
    this.runtimeAddress = runtime.runtimeAddress();
    this.codeCounterAddress = runtime.codeCounterAddress();
    this.codes = new CodeCache(memory, layout, new RemoteObjects(memory, layout));
    this.pthreadTids = pthreadTids;
    this.ties = pthreadTids == null ? null : new OsThreadTies(pthreadTids, pthreadTids::liveTids);
    this.sampleAhead = new ReadAhead(memory);
    this.retryAhead = ReadAhead.accumulating(memory, RETRY_PLAN_RANGES, RETRY_PLAN_BYTES);
    this.ahead = sampleAhead;
    this.tstate = new byte[(int) layout.tstateSize];
    this.frame = new byte[layout.frameReadSize];
    this.code = new byte[layout.codeReadSize];
    this.sampleCheck = new StackCheck(memory, layout, codes::fingerprint, codes::forget);
    this.threadCheck = new StackCheck(memory, layout, codes::fingerprint, codes::forget);
    this.check = sampleCheck;
    this.steady = new SteadyStacks(frame.length);
  }

  public PythonLayout layout() {
    return layout;
  }

  /**
   * One sample of every thread of every interpreter.
   *
   * @throws MemoryReadException when the interpreter list itself cannot be read (process gone,
   *     or shutting down); per-thread failures go to the listener instead
   */
  public void walk(Listener listener) throws MemoryReadException {
    sampleAhead.begin();
    try {
      walkInterpreters(listener);
    } catch (MemoryReadException | RuntimeException e) {
      sampleAhead.reset(); // the interpreter list itself was unreadable: start the next plan afresh
      throw e;
    }
  }

  private void walkInterpreters(Listener listener) throws MemoryReadException {
    long now = System.nanoTime();
    long interp = pointerAt(runtimeAddress + layout.runtimeInterpretersHead);
    visitedThreads.clear();
    if (pthreadTids != null && layout.tstateNativeThreadId < 0 && !pthreadTids.calibrated()) {
      pthreadTids.calibrate(pthreadIds(interp));
    }
    // the interpreter list first: the code cache must know whether it changed before any frame
    int count = 0;
    for (; interp != 0 && count < MAX_INTERPRETERS; count++) {
      if (!PythonPointers.plausible(interp) || !visitedThreads.add(interp)) {
        throw new MemoryReadException("bad interpreter pointer", interp);
      }
      interps[count] = interp;
      generations[count] = layout.interpCodeObjectGeneration >= 0
          ? pointerAt(interp + layout.interpCodeObjectGeneration) : 0;
      interp = pointerAt(interp + layout.interpNext);
    }
    codeCreations = codeCounterAddress != 0 ? pointerAt(codeCounterAddress) & 0xffffffffL : -1;
    codes.observeInterpreters(interps, generations, count, codeCreations);
    snapshotBudget = SNAPSHOTS_PER_SAMPLE;
    steady.beginSample();
    steadyCodesSeen.clear();
    steadyCodeCount = 0;
    visitedThreads.clear();
    check = sampleCheck;
    check.clear();
    walked.clear();
    usedTrusted = false;
    for (int i = 0; i < count; i++) {
      walkThreads(interps[i], listener, now);
    }
    reportChecked(listener, count);
  }

  private void walkThreads(long interp, Listener listener, long now) throws MemoryReadException {
    long thread = pointerAt(interp + layout.interpThreadsHead);
    for (int t = 0; thread != 0 && t < MAX_THREADS; t++) {
      if (!PythonPointers.plausible(thread) || !visitedThreads.add(thread)) {
        listener.dropped("thread-list-torn");
        break;
      }
      byte[] ts = load(thread, tstate.length, tstate);
      int base = loadedBase;
      if (Bytes.getLong(ts, base + (int) layout.tstateInterp) != interp) {
        listener.dropped("thread-list-torn");
        break;
      }
      long next = Bytes.getLong(ts, base + (int) layout.tstateNext);
      int recorded = layout.tstateNativeThreadId >= 0 ? (int) Bytes.getLong(ts, base + (int) layout.tstateNativeThreadId) : 0;
      long pthread = Bytes.getLong(ts, base + (int) layout.tstateThreadId);
      long uniqueId = layout.tstateUniqueId >= 0 ? Bytes.getLong(ts, base + (int) layout.tstateUniqueId) : 0;
      int tid = ties == null ? recorded : ties.tie(recorded, pthread, uniqueId, now).tid();
      try {
        ThreadStack stack = walkThread(thread, ts, base, tid);
        if (stack != null) {
          if (walked.size() == walkedInterps.length) {
            walkedInterps = java.util.Arrays.copyOf(walkedInterps, walked.size() * 2);
            walkedEntries = java.util.Arrays.copyOf(walkedEntries, walked.size() * 2);
          }
          walkedInterps[walked.size()] = interp;
          walkedEntries[walked.size()] = unchanged ? null : capturing;
          walked.add(stack); // reported once the check has confirmed it
        } else {
          listener.withoutPythonFrames(thread, tid);
        }
      } catch (MemoryReadException e) {
        listener.dropped(e instanceof FrameCycleException ? "frame-cycle" : "torn-read");
      }
      thread = next;
    }
  }

  /**
   * Reports the stacks the check confirmed. A thread whose stack changed while it was read is
   * walked again, alone ({@link #rewalk}); if it never held still, it is dropped.
   */
  private void reportChecked(Listener listener, int interpreters) throws MemoryReadException {
    if (usedTrusted) { // the generations must not have moved since the batch read them
      if (codeCreations >= 0) {
        sampleCheck.unchanged(codeCounterAddress, codeCreations, 0xffffffffL);
      }
      for (int i = 0; i < interpreters && layout.interpCodeObjectGeneration >= 0; i++) {
        sampleCheck.unchanged(interps[i] + layout.interpCodeObjectGeneration, generations[i]);
      }
    }
    int steadyCodesCheck = -1;
    if (steadyCodeCount > 0) { // after every thread's entries: the check's thread indices follow the walk
      steadyCodesCheck = sampleCheck.thread(0, 0);
      for (int c = 0; c < steadyCodeCount; c++) {
        sampleCheck.code(steadyCodes[c], steadyFingerprints[c]);
      }
    }
    sampleCheck.run();
    boolean steadyCodesHold = steadyCodesCheck < 0 || sampleCheck.holds(steadyCodesCheck);
    int checked = 0; // the check's index of the next walked stack: unchanged ones were not checked
    for (int i = 0; i < walked.size(); i++) {
      ThreadStack stack = walked.get(i);
      SteadyStacks.Entry entry = walkedEntries[i];
      walkedEntries[i] = null;
      if (entry == null && steadyCodesHold) {
        listener.thread(stack);
        continue;
      }
      if (entry != null && sampleCheck.holds(checked++)) {
        steady.confirmed(entry, stack);
        listener.thread(stack);
        continue;
      }
      rewalks++;
      confirmInterrupted = sampleCheck.interrupted();
      ThreadStack again = rewalk(stack, walkedInterps[i]);
      if (again != null) {
        listener.thread(again);
      } else {
        // the sampler was preempted while confirming it (a busy machine), or it kept changing
        listener.dropped(confirmInterrupted ? "read-interrupted" : "torn-read");
      }
    }
  }

  /**
   * A thread whose stack changed while the sample read it, walked again alone, up to
   * {@link #SNAPSHOT_ATTEMPTS} + 1 times: from the ranges earlier retries learnt, read twice in a
   * row, the walk taking the first read and the check comparing with the second ({@link
   * ReadAhead#beginTwice}); or, with nothing learnt yet, once with direct reads, which learns the
   * ranges its stack lives in. Each walk adds its ranges to the retries' plan. The direct
   * walk spans many system calls and a cold walk between them (at 1 kHz, tens of microseconds): a
   * call-heavy thread has moved on by then. Two reads in a row are a few microseconds apart.
   * Null when the thread ended, runs no Python code, or never held still long enough.
   */
  private ThreadStack rewalk(ThreadStack before, long interp) {
    check = threadCheck;
    ahead = retryAhead;
    rewalking = true;
    try {
      for (int attempt = 0; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
        // the plan keeps the ranges of earlier retries, of this thread and others, across ticks:
        // a thread that changes between a few paths finds them all in its first double read
        boolean twice = retryAhead.hasPlan() && snapshotBudget > 0;
        if (twice) {
          snapshotBudget--;
          retryAhead.beginTwice();
        } else if (attempt > 0) {
          return null;
        } else {
          retryAhead.begin(); // nothing to read yet: a direct walk that learns the ranges
        }
        check.clear();
        readPastBatch = false;
        ThreadStack again = walkAgain(before, interp);
        if (again == null) {
          return null;
        }
        // compared with the second read only if the walk took everything from the first: a frame
        // read later (a frame object at a new address, 3.8-3.10) holds from then on, and the first
        // read's frames only up to the second read; nothing says they ever held together. The
        // check's own read, after everything, is the instant they all must hold at
        check.run(twice && !readPastBatch ? retryAhead : null);
        if (check.holds(0)) {
          return again;
        }
        confirmInterrupted |= check.interrupted();
      }
      return null;
    } catch (MemoryReadException e) {
      return null;
    } finally {
      rewalking = false;
      ahead = sampleAhead;
      check = sampleCheck;
    }
  }

  /** Whether a confirming read of the thread being walked again was interrupted (see {@link StackCheck#readAtOnce}). */
  private boolean confirmInterrupted;

  /** How often a changing thread is walked from a double read after its direct walk failed too. */
  private static final int SNAPSHOT_ATTEMPTS = 4;
  /**
   * Bounds of the retries' plan: the frames of a few dozen paths (3.8–3.10 frame objects, a few
   * hundred bytes each), read twice in a few microseconds; past them it starts again.
   */
  private static final int RETRY_PLAN_RANGES = 96;
  private static final int RETRY_PLAN_BYTES = 64 * 1024;
  /**
   * Double-read walks per sample, all threads together: many threads that change all the time
   * must not stretch a tick without bound (each walk is three system calls).
   */
  private static final int SNAPSHOTS_PER_SAMPLE = 16;
  private int snapshotBudget;
  /** Whether the walk read anything but code objects directly, not from the read-ahead batch. */
  private boolean readPastBatch;

  /** One walk of the thread from its state; null when it ended or runs no Python code. */
  private ThreadStack walkAgain(ThreadStack before, long interp) throws MemoryReadException {
    long thread = before.threadStateAddress();
    byte[] ts = load(thread, tstate.length, tstate);
    int base = loadedBase;
    if (Bytes.getLong(ts, base + (int) layout.tstateInterp) != interp) {
      return null;
    }
    return walkThread(thread, ts, base, before.nativeThreadId());
  }

  /** The {@code pthread_t} of every thread of the first interpreter (3.8–3.10 tid calibration). */
  private List<Long> pthreadIds(long interp) throws MemoryReadException {
    List<Long> out = new ArrayList<>();
    visitedThreads.clear();
    long thread = readPointer(interp + layout.interpThreadsHead);
    for (int t = 0; thread != 0 && t < MAX_THREADS && PythonPointers.plausible(thread) && visitedThreads.add(thread); t++) {
      memory.read(thread, tstate, 0, tstate.length);
      out.add(Bytes.getLong(tstate, (int) layout.tstateThreadId));
      thread = Bytes.getLong(tstate, (int) layout.tstateNext);
    }
    visitedThreads.clear();
    return out;
  }

  /**
   * The thread's stack, or null when it runs no Python code right now. Everything it is built
   * from is handed to the {@link StackCheck} of the sample.
   */
  private ThreadStack walkThread(long threadState, byte[] ts, int tsBase, int tid) throws MemoryReadException {
    unchanged = false;
    capturing = null;
    long currentAt = threadState + layout.tstateFrame;
    long current = Bytes.getLong(ts, tsBase + (int) layout.tstateFrame);
    if (layout.frameModel == FrameModel.CFRAME) {
      if (current == 0) {
        return null;
      }
      currentAt = current + layout.cframeCurrentFrame;
      current = pointerAt(currentAt);
    }
    if (current == 0) {
      return null;
    }
    loadChunkWindow(ts, tsBase);
    if (!rewalking) {
      SteadyStacks.Entry entry = steady.entry(threadState);
      if (entry.unchanged(current, windowStart, windowLength, windowBytes, windowBase, ahead) && codesOfKept(entry)) {
        wantChunkWindow(false);
        steady.hit(entry);
        unchanged = true;
        return entry.stack(tid);
      }
      entry.beginCapture(current, windowStart, windowLength, windowBytes, windowBase);
      capturing = entry;
    }
    wantChunkWindow(true);
    visitedFrames.clear();
    check.thread(currentAt, current);
    try {
      ThreadStack stack = walkFrames(threadState, tid, current);
      if (stack == null) {
        check.abandonLastThread();
      }
      return stack;
    } catch (MemoryReadException | RuntimeException e) {
      check.abandonLastThread();
      throw e;
    }
  }

  private ThreadStack walkFrames(long threadState, int tid, long current) throws MemoryReadException {
    List<PyFrame> frames = new ArrayList<>(32);
    boolean truncated = false;
    boolean innermost = true;
    while (current != 0) {
      if (frames.size() >= MAX_DEPTH) {
        truncated = true;
        break;
      }
      if (!PythonPointers.plausible(current)) {
        throw new MemoryReadException("bad frame pointer", current);
      }
      if (!visitedFrames.add(current)) {
        throw new FrameCycleException(current);
      }
      byte[] f = frameBytes(current);
      int base = loadedBase;
      if (capturing != null && !fromWindow) {
        capturing.frameOutsideWindow(current, f, base);
      }
      long back = Bytes.getLong(f, base + (int) layout.frameBack);
      long codeAddress = Bytes.getLong(f, base + (int) layout.frameCode) & layout.executableMask;
      check.frame(current, back, codeAddress, check.position(f, base), innermost);
      innermost = false;
      if (layout.frameModel == FrameModel.FRAME_OBJECT) {
        int lasti = Bytes.getInt(f, base + (int) layout.framePosition);
        int address = layout.lineFormat == PythonLayout.LineFormat.LINETABLE_310 ? lasti * 2 : lasti;
        CodeInfo info = codeAt(codeAddress);
        frames.add(new PyFrame(info, info.lineTable().lineAt(address)));
      } else {
        int owner = f[base + (int) layout.frameOwner] & 0xff;
        if (owner < layout.firstShimOwner) {
          long instruction = Bytes.getLong(f, base + (int) layout.framePosition);
          long offset = instruction - (codeAddress + layout.codeCodeAdaptive);
          int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
          CodeInfo info = codeAt(codeAddress);
          if (!info.isInterpreterShim()) {
            frames.add(new PyFrame(info, info.lineTable().lineAt(unit)));
          }
        }
      }
      current = back;
    }
    return frames.isEmpty() ? null : new ThreadStack(threadState, tid, frames, truncated);
  }

  /**
   * Whether the code objects of a kept stack may be used again: from 3.14 (and 3.12 with its
   * counter) each must be the cache's entry trusted since the code-object generation last moved;
   * else each is handed to this sample's check, once however many stacks run it (if one changed,
   * every unchanged stack of the sample is walked again).
   */
  private boolean codesOfKept(SteadyStacks.Entry entry) {
    for (int c = 0; c < entry.codeCount(); c++) {
      long address = entry.codeAddress(c);
      CodeInfo info = entry.code(c);
      CodeInfo trusted = codes.trusted(address);
      if (trusted != null) {
        if (trusted != info) {
          return false;
        }
        usedTrusted = true;
      } else if (codes.cached(address) != info) { // every stack that uses an address uses the cache's entry
        return false;
      } else if (steadyCodesSeen.add(address)) {
        if (steadyCodeCount == steadyCodes.length) {
          steadyCodes = java.util.Arrays.copyOf(steadyCodes, steadyCodeCount * 2);
          steadyFingerprints = java.util.Arrays.copyOf(steadyFingerprints, steadyCodeCount * 2);
        }
        steadyCodes[steadyCodeCount] = address;
        steadyFingerprints[steadyCodeCount++] = info.fingerprint();
      }
    }
    return true;
  }

  /**
   * The code object a frame runs. From 3.14 (and on 3.12 with its code-creation counter), the
   * cache entry when it was verified since the code-object generation (the counter) last moved:
   * the sample's check then confirms that it still has not moved, and that the frame is live. Else
   * the cache entry as it is, or the object read now, and the check re-reads its identifying
   * fields after the walk and rejects a stale entry. Code objects are not read ahead:
   * a steady sample touches only the pages its check needs.
   */
  private CodeInfo codeAt(long address) throws MemoryReadException {
    CodeInfo info = rewalking ? null : codes.trusted(address);
    if (info != null) {
      usedTrusted = true;
    } else {
      if (!PythonPointers.plausible(address)) {
        throw new MemoryReadException("bad code pointer 0x" + Long.toHexString(address), address);
      }
      info = codes.cached(address);
      if (info == null) {
        memory.read(address, code, 0, code.length);
        info = codes.get(address, code, 0);
      }
      check.code(address, info.fingerprint());
    }
    if (capturing != null) { // a kept stack's code objects are verified again (codesOfKept)
      capturing.code(address, info);
    }
    return info;
  }

  /**
   * 3.11+ frames live in per-thread data-stack chunks: copy the live part of the current chunk in
   * one read so that most frames of a sample cost nothing more.
   */
  private void loadChunkWindow(byte[] ts, int tsBase) {
    windowLength = 0;
    windowStart = 0;
    if (layout.tstateDatastackChunk < 0 || layout.tstateDatastackTop < 0) {
      return;
    }
    long chunk = Bytes.getLong(ts, tsBase + (int) layout.tstateDatastackChunk);
    long top = Bytes.getLong(ts, tsBase + (int) layout.tstateDatastackTop);
    long length = top - chunk;
    if (!PythonPointers.plausible(chunk) || length <= 0 || length > MAX_CHUNK_READ) {
      return;
    }
    int at = ahead.find(chunk, (int) length);
    if (at >= 0) {
      windowBytes = ahead.data();
      windowBase = at;
    } else {
      readPastBatch = true;
      if (window.length < length) {
        window = new byte[(int) Math.min(MAX_CHUNK_READ, Integer.highestOneBit((int) length) * 2L)];
      }
      try {
        memory.read(chunk, window, 0, (int) length);
      } catch (MemoryReadException e) {
        return; // frames are then read one by one
      }
      windowBytes = window;
      windowBase = 0;
    }
    windowStart = chunk;
    windowLength = (int) length;
  }

  /**
   * Wants the chunk's live part for the next sample. A thread that moved gets room for a stack as
   * deep as its deepest lately (never past the chunk's end); one that did not move is likely not to
   * next time either. A deeper stack than that costs one direct read.
   */
  private void wantChunkWindow(boolean moved) {
    if (windowLength == 0) {
      return;
    }
    long chunkSize = layout.chunkSize >= 0 && windowLength >= layout.chunkSize + 8
        ? Bytes.getLong(windowBytes, windowBase + (int) layout.chunkSize) : windowLength;
    long slack = !moved ? 0 : capturing != null ? capturing.slack(windowLength, CHUNK_SLACK) : CHUNK_SLACK;
    long wantedLength = Math.min(windowLength + slack, Math.max(windowLength, Math.min(chunkSize, MAX_CHUNK_READ)));
    ahead.want(windowStart, (int) wantedLength);
  }

  private byte[] frameBytes(long address) throws MemoryReadException {
    fromWindow = windowLength > 0 && address >= windowStart && address + frame.length <= windowStart + windowLength;
    if (fromWindow) {
      loadedBase = windowBase + (int) (address - windowStart);
      return windowBytes;
    }
    return load(address, frame.length, frame);
  }

  /**
   * The bytes {@code [address, address + length)} of this sample: from the read-ahead batch when
   * it has them, else read into {@code local}. Either way they are wanted for the next sample.
   * Their offset in the returned array is {@link #loadedBase}.
   */
  private byte[] load(long address, int length, byte[] local) throws MemoryReadException {
    int at = ahead.find(address, length);
    byte[] out;
    if (at >= 0) {
      loadedBase = at;
      out = ahead.data();
    } else {
      readPastBatch = true;
      memory.read(address, local, 0, length);
      loadedBase = 0;
      out = local;
    }
    ahead.want(address, length);
    return out;
  }

  /** A pointer of this sample, read ahead when possible. */
  private long pointerAt(long address) throws MemoryReadException {
    byte[] b = load(address, 8, pointer);
    return Bytes.getLong(b, loadedBase);
  }

  private long readPointer(long address) throws MemoryReadException {
    memory.read(address, pointer, 0, 8);
    return Bytes.getLong(pointer, 0);
  }

  /** How thread states were tied to OS threads so far (null without a thread list to tie to). */
  public OsThreadTies ties() {
    return ties;
  }

  /** Stacks reported unchanged since the last sample, without a walk. */
  public long unchangedStacks() {
    return steady.hits();
  }

  /** Threads walked again because their stack changed while it was read. */
  public long rewalks() {
    return rewalks;
  }

  public int cachedCodeObjects() {
    return codes.size();
  }

  /** A frame chain that loops back on itself: a torn read of a changing stack. */
  static final class FrameCycleException extends MemoryReadException {
    FrameCycleException(long address) {
      super("frame chain cycle at 0x" + Long.toHexString(address), address);
    }
  }
}
