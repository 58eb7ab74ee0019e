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
 * the sample are kept. Not thread-safe: one walker per sampling thread.
 */
public final class StackWalker {
  public static final int MAX_INTERPRETERS = 256;
  public static final int MAX_THREADS = 4096;
  public static final int MAX_DEPTH = 4096;
  /** The live part of a 3.11+ data-stack chunk is read in one call up to this size. */
  private static final int MAX_CHUNK_READ = 256 * 1024;

  private final ProcessMemory memory;
  private final PythonLayout layout;
  private final long runtimeAddress;
  private final CodeCache codes;
  private final ThreadIdResolver pthreadTids;
  private final OsThreadTies ties;
  private final byte[] tstate;
  private final byte[] frame;
  private final byte[] pointer = new byte[8];
  private byte[] window = new byte[16 * 1024];
  private long windowStart;
  private int windowLength;
  private final LongVisitedSet visitedFrames = new LongVisitedSet(8192);
  private final LongVisitedSet visitedThreads = new LongVisitedSet(8192);

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
    this.tstate = new byte[(int) layout.tstateSize];
    this.frame = new byte[layout.frameReadSize];
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
    long now = System.nanoTime();
    long interp = readPointer(runtimeAddress + layout.runtimeInterpretersHead);
    visitedThreads.clear();
    if (pthreadTids != null && layout.tstateNativeThreadId < 0 && !pthreadTids.calibrated()) {
      pthreadTids.calibrate(pthreadIds(interp));
    }
    for (int i = 0; interp != 0 && i < MAX_INTERPRETERS; i++) {
      if (!PythonPointers.plausible(interp)) {
        throw new MemoryReadException("bad interpreter pointer", interp);
      }
      if (layout.interpCodeObjectGeneration >= 0) {
        codes.observeGeneration(readPointer(interp + layout.interpCodeObjectGeneration));
      }
      long thread = readPointer(interp + layout.interpThreadsHead);
      for (int t = 0; thread != 0 && t < MAX_THREADS; t++) {
        if (!PythonPointers.plausible(thread) || !visitedThreads.add(thread)) {
          listener.dropped("thread-list-torn");
          break;
        }
        memory.read(thread, tstate, 0, tstate.length);
        if (Bytes.getLong(tstate, (int) layout.tstateInterp) != interp) {
          listener.dropped("thread-list-torn");
          break;
        }
        long next = Bytes.getLong(tstate, (int) layout.tstateNext);
        int recorded = layout.tstateNativeThreadId >= 0 ? (int) Bytes.getLong(tstate, (int) layout.tstateNativeThreadId) : 0;
        long pthread = Bytes.getLong(tstate, (int) layout.tstateThreadId);
        int tid = ties == null ? recorded : ties.tie(recorded, pthread, now).tid();
        try {
          ThreadStack stack = walkThread(thread, tid, now);
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
      interp = readPointer(interp + layout.interpNext);
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
  private ThreadStack walkThread(long threadState, int tid, long now) throws MemoryReadException {
    long current = Bytes.getLong(tstate, (int) layout.tstateFrame);
    if (layout.frameModel == FrameModel.CFRAME) {
      if (current == 0) {
        return null;
      }
      current = readPointer(current + layout.cframeCurrentFrame);
    }
    if (current == 0) {
      return null;
    }
    loadChunkWindow();
    visitedFrames.clear();
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
      int base = f == window ? (int) (current - windowStart) : 0;
      long back = Bytes.getLong(f, base + (int) layout.frameBack);
      if (layout.frameModel == FrameModel.FRAME_OBJECT) {
        long code = Bytes.getLong(f, base + (int) layout.frameCode);
        int lasti = Bytes.getInt(f, base + (int) layout.framePosition);
        CodeInfo info = codes.get(code, now);
        int address = layout.lineFormat == PythonLayout.LineFormat.LINETABLE_310 ? lasti * 2 : lasti;
        frames.add(new PyFrame(info, info.lineTable().lineAt(address)));
      } else {
        int owner = f[base + (int) layout.frameOwner] & 0xff;
        if (owner < layout.firstShimOwner) {
          long code = Bytes.getLong(f, base + (int) layout.frameCode) & layout.executableMask;
          long instruction = Bytes.getLong(f, base + (int) layout.framePosition);
          CodeInfo info = codes.get(code, now);
          if (!info.isInterpreterShim()) {
            long offset = instruction - (code + layout.codeCodeAdaptive);
            int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
            frames.add(new PyFrame(info, info.lineTable().lineAt(unit)));
          }
        }
      }
      current = back;
    }
    return frames.isEmpty() ? null : new ThreadStack(threadState, tid, frames, truncated);
  }

  /**
   * 3.11+ frames live in per-thread data-stack chunks: copy the live part of the current chunk in
   * one read so that most frames of a sample cost nothing more.
   */
  private void loadChunkWindow() {
    windowLength = 0;
    if (layout.tstateDatastackChunk < 0 || layout.tstateDatastackTop < 0) {
      return;
    }
    long chunk = Bytes.getLong(tstate, (int) layout.tstateDatastackChunk);
    long top = Bytes.getLong(tstate, (int) layout.tstateDatastackTop);
    long length = top - chunk;
    if (!PythonPointers.plausible(chunk) || length <= 0 || length > MAX_CHUNK_READ) {
      return;
    }
    if (window.length < length) {
      window = new byte[(int) Math.min(MAX_CHUNK_READ, Integer.highestOneBit((int) length) * 2L)];
    }
    try {
      memory.read(chunk, window, 0, (int) length);
      windowStart = chunk;
      windowLength = (int) length;
    } catch (MemoryReadException e) {
      windowLength = 0; // frames are then read one by one
    }
  }

  private byte[] frameBytes(long address) throws MemoryReadException {
    if (address >= windowStart && address + frame.length <= windowStart + windowLength) {
      return window;
    }
    memory.read(address, frame, 0, frame.length);
    return frame;
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
