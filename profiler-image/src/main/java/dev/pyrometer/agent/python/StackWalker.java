package dev.pyrometer.agent.python;

import dev.pyrometer.agent.attach.PythonRuntime;
import dev.pyrometer.agent.memory.Bytes;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.memory.ScatterRead;
import dev.pyrometer.agent.python.PythonLayout.FrameModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks interpreters → threads → frames of a running (or dumped) CPython, reading memory that
 * changes under it: every loop is bounded, every pointer checked, cycles detected. A thread whose
 * walk fails is reported to the {@link Listener} as dropped, with the reason; the other threads of
 * the sample are kept. Not thread-safe: one walker per sampling thread.
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
  private final CodeCache codes;
  private final ThreadIdResolver pthreadTids;
  private final OsThreadTies ties;
  private final ReadAhead ahead;
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
  /**
   * Frames of the thread being walked whose code object came from the cache without being re-read
   * (it was not in the read-ahead batch): checked together, in one scatter read, before the
   * thread's stack is reported.
   */
  private final ScatterRead pendingCodes = new ScatterRead();
  /**
   * Per thread walk: whether bytes came from the read-ahead batch, and whether some had to be read
   * directly (a frame pushed since the last sample). Mixed, they come from two instants (the batch
   * is older), so the thread is walked again with direct reads only, as one sequential walk.
   */
  private boolean usedBatch;
  private boolean readDirectly;
  private boolean directOnly;
  /** The innermost frame of the thread being walked, and its position field as read. */
  private long topFrame;
  private long topPosition;
  private final byte[] check = new byte[8];
  private int[] pendingFrames = new int[64];
  private int[] pendingUnits = new int[64];
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
    this.codes = new CodeCache(memory, layout, new RemoteObjects(memory, layout));
    this.pthreadTids = pthreadTids;
    this.ties = pthreadTids == null ? null : new OsThreadTies(pthreadTids, pthreadTids::liveTids);
    this.ahead = new ReadAhead(memory);
    this.tstate = new byte[(int) layout.tstateSize];
    this.frame = new byte[layout.frameReadSize];
    this.code = new byte[layout.codeReadSize];
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
    ahead.begin();
    try {
      walkInterpreters(listener);
    } catch (MemoryReadException | RuntimeException e) {
      ahead.reset(); // the interpreter list itself was unreadable: start the next plan afresh
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
    codes.observeInterpreters(interps, generations, count);
    visitedThreads.clear();
    for (int i = 0; i < count; i++) {
      walkThreads(interps[i], listener, now);
    }
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
      int tid = ties == null ? recorded : ties.tie(recorded, pthread, now).tid();
      try {
        usedBatch = ts == ahead.data();
        readDirectly = false;
        ThreadStack stack;
        try {
          stack = walkThread(thread, ts, base, tid);
        } catch (MemoryReadException e) {
          if (!(usedBatch && readDirectly)) {
            throw e;
          }
          stack = null; // torn between the two instants: walked again below
        }
        if (usedBatch && readDirectly) {
          directOnly = true;
          try {
            byte[] fresh = load(thread, tstate.length, tstate);
            if (Bytes.getLong(fresh, loadedBase + (int) layout.tstateInterp) != interp) {
              throw new MemoryReadException("thread ended during the walk", thread);
            }
            stack = walkThread(thread, fresh, loadedBase, tid);
          } finally {
            directOnly = false;
          }
        }
        if (stack != null && readDirectly && !stillAt(thread)) {
          throw new MemoryReadException("the stack moved during the walk", thread);
        }
        if (stack != null) {
          listener.thread(stack);
        } else {
          listener.withoutPythonFrames(thread, tid);
        }
      } catch (MemoryReadException e) {
        listener.dropped(e instanceof FrameCycleException ? "frame-cycle" : "torn-read");
      }
      thread = next;
    }
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

  /** The thread's stack, or null when it runs no Python code right now. */
  private ThreadStack walkThread(long threadState, byte[] ts, int tsBase, int tid) throws MemoryReadException {
    long current = Bytes.getLong(ts, tsBase + (int) layout.tstateFrame);
    if (layout.frameModel == FrameModel.CFRAME) {
      if (current == 0) {
        return null;
      }
      current = pointerAt(current + layout.cframeCurrentFrame);
    }
    if (current == 0) {
      return null;
    }
    loadChunkWindow(ts, tsBase);
    visitedFrames.clear();
    pendingCodes.clear();
    topFrame = current;
    topPosition = Long.MIN_VALUE;
    List<PyFrame> frames = new ArrayList<>(32);
    boolean truncated = false;
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
      long back = Bytes.getLong(f, base + (int) layout.frameBack);
      if (current == topFrame) {
        topPosition = Bytes.getLong(f, base + (int) layout.framePosition);
      }
      if (layout.frameModel == FrameModel.FRAME_OBJECT) {
        long codeAddress = Bytes.getLong(f, base + (int) layout.frameCode);
        int lasti = Bytes.getInt(f, base + (int) layout.framePosition);
        int address = layout.lineFormat == PythonLayout.LineFormat.LINETABLE_310 ? lasti * 2 : lasti;
        CodeInfo info = codeAt(codeAddress, frames.size(), address);
        frames.add(new PyFrame(info, info.lineTable().lineAt(address)));
      } else {
        int owner = f[base + (int) layout.frameOwner] & 0xff;
        if (owner < layout.firstShimOwner) {
          long codeAddress = Bytes.getLong(f, base + (int) layout.frameCode) & layout.executableMask;
          long instruction = Bytes.getLong(f, base + (int) layout.framePosition);
          long offset = instruction - (codeAddress + layout.codeCodeAdaptive);
          int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
          CodeInfo info = codeAt(codeAddress, frames.size(), unit);
          if (!info.isInterpreterShim()) {
            frames.add(new PyFrame(info, info.lineTable().lineAt(unit)));
          }
        }
      }
      current = back;
    }
    if (pendingCodes.count() > 0) {
      verifyPendingCodes(frames);
    }
    return frames.isEmpty() ? null : new ThreadStack(threadState, tid, frames, truncated);
  }

  /**
   * Whether the thread still runs the same innermost frame at the same instruction. A walk that
   * read frames one by one spans time; if the innermost frame did not move, its callers (suspended
   * while it runs) did not either, so the frames read are one stack. Else the sample is torn.
   */
  private boolean stillAt(long threadState) throws MemoryReadException {
    memory.read(threadState + layout.tstateFrame, check, 0, 8);
    long current = Bytes.getLong(check, 0);
    if (layout.frameModel == FrameModel.CFRAME && current != 0) {
      memory.read(current + layout.cframeCurrentFrame, check, 0, 8);
      current = Bytes.getLong(check, 0);
    }
    if (current != topFrame) {
      return false;
    }
    memory.read(topFrame + layout.framePosition, check, 0, 8);
    return Bytes.getLong(check, 0) == topPosition;
  }

  /**
   * Re-reads, in one scatter read, the code objects this thread's walk took from the cache
   * unchecked, and replaces the frames whose address now holds another code object.
   */
  private void verifyPendingCodes(List<PyFrame> frames) throws MemoryReadException {
    memory.readAll(pendingCodes);
    boolean shimsFound = false;
    for (int i = 0; i < pendingCodes.count(); i++) {
      long address = pendingCodes.address(i);
      if (!pendingCodes.complete(i)) {
        throw new MemoryReadException("code object unreadable", address);
      }
      ahead.want(address, code.length);
      int frame = pendingFrames[i];
      if (frame >= frames.size()) {
        continue; // a shim frame that was not kept
      }
      CodeInfo provisional = frames.get(frame).code();
      CodeInfo info = codes.get(address, pendingCodes.data(), pendingCodes.offset(i));
      if (info != provisional) {
        frames.set(frame, new PyFrame(info, info.lineTable().lineAt(pendingUnits[i])));
        shimsFound |= info.isInterpreterShim();
      }
    }
    if (shimsFound) {
      frames.removeIf(f -> f.code().isInterpreterShim());
    }
  }

  /**
   * The code object a frame runs. From 3.14 a cached address is valid while the code-object
   * generation stands still. Before, the object's identifying fields are compared with the cache in
   * every sample: read ahead with the rest of the sample when they were needed in the previous one,
   * else checked with the thread's other new frames in one read at the end of its walk.
   *
   * @param frame index the frame will have in the thread's list
   * @param unit the frame's position in the line table's unit, to correct its line after a check
   */
  private CodeInfo codeAt(long address, int frame, int unit) throws MemoryReadException {
    CodeInfo trusted = codes.trusted(address);
    if (trusted != null) {
      return trusted;
    }
    CodeInfo cached = codes.cached(address);
    if (!PythonPointers.plausible(address)) {
      throw new MemoryReadException("bad code pointer 0x" + Long.toHexString(address), address);
    }
    int at = ahead.find(address, code.length);
    if (at >= 0) {
      ahead.want(address, code.length);
      return codes.get(address, ahead.data(), at);
    }
    if (cached != null && !cached.isInterpreterShim()) {
      int i = pendingCodes.add(address, code.length);
      if (i == pendingFrames.length) {
        pendingFrames = java.util.Arrays.copyOf(pendingFrames, i * 2);
        pendingUnits = java.util.Arrays.copyOf(pendingUnits, i * 2);
      }
      pendingFrames[i] = frame;
      pendingUnits[i] = unit;
      return cached;
    }
    boolean wasRead = readDirectly;
    byte[] bytes = load(address, code.length, code);
    readDirectly = wasRead; // a code object does not change while a frame runs it: no mixed instants
    return codes.get(address, bytes, loadedBase);
  }

  /**
   * 3.11+ frames live in per-thread data-stack chunks: copy the live part of the current chunk in
   * one read so that most frames of a sample cost nothing more.
   */
  private void loadChunkWindow(byte[] ts, int tsBase) {
    windowLength = 0;
    if (layout.tstateDatastackChunk < 0 || layout.tstateDatastackTop < 0) {
      return;
    }
    long chunk = Bytes.getLong(ts, tsBase + (int) layout.tstateDatastackChunk);
    long top = Bytes.getLong(ts, tsBase + (int) layout.tstateDatastackTop);
    long length = top - chunk;
    if (!PythonPointers.plausible(chunk) || length <= 0 || length > MAX_CHUNK_READ) {
      return;
    }
    int at = directOnly ? -1 : ahead.find(chunk, (int) length);
    if (at >= 0) {
      windowBytes = ahead.data();
      windowBase = at;
      usedBatch = true;
    } else {
      readDirectly = true;
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
    // next sample: the same chunk with room for a deeper stack, never past the chunk's end
    long chunkSize = layout.chunkSize >= 0 && length >= layout.chunkSize + 8
        ? Bytes.getLong(windowBytes, windowBase + (int) layout.chunkSize) : length;
    long wantedLength = Math.min(length + CHUNK_SLACK, Math.max(length, Math.min(chunkSize, MAX_CHUNK_READ)));
    ahead.want(chunk, (int) wantedLength);
  }

  private byte[] frameBytes(long address) throws MemoryReadException {
    if (windowLength > 0 && address >= windowStart && address + frame.length <= windowStart + windowLength) {
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
    int at = directOnly ? -1 : ahead.find(address, length);
    byte[] out;
    if (at >= 0) {
      loadedBase = at;
      out = ahead.data();
      usedBatch = true;
    } else {
      readDirectly = true;
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
