package dev.pyrometer.agent.heap.roots;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.heap.snapshot.SnapshotMemory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.CodeCache;
import dev.pyrometer.agent.python.CodeInfo;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonLayout.FrameModel;
import dev.pyrometer.agent.python.RemoteObjects;
import dev.pyrometer.agent.python.layout.HeapLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The Python threads of the interpreter and their frames, outermost first, as roots of the walk:
 * each frame's locals hang under {@code [thread TID NAME];outer (file:line);...;inner (file:line)}.
 */
public final class ThreadRoots {
  private static final int MAX_THREADS = 4096;
  private static final int MAX_DEPTH = 1024;

  /**
   * One thread.
   *
   * @param threadState address of its {@code PyThreadState}
   * @param tid its id in the target's PID namespace, 0 when unknown
   * @param frames outermost first
   * @param dict the thread's {@code PyThreadState_GetDict} dict, or 0
   */
  public record PyThread(long threadState, int tid, List<Frame> frames, long dict) {}

  /**
   * One frame: its label ({@code qualname (file.py:12)}) and where its locals are.
   *
   * @param address a {@code PyFrameObject} (3.8–3.10) or {@code _PyInterpreterFrame} (3.11+)
   * @param isObject true for frame objects
   */
  public record Frame(String label, long address, boolean isObject) {}

  private ThreadRoots() {}

  /**
   * Reads the threads of interpreter {@code interp}.
   *
   * @param tidByThreadState thread ids the caller resolved from the live process (≤3.10 stores
   *     only pthread ids); may be empty
   */
  public static List<PyThread> read(Snapshot s, SnapshotMemory memory, HeapLayout layout, long interp,
      Map<Long, Integer> tidByThreadState) {
    PythonLayout l = layout.threads();
    CodeCache codes = new CodeCache(memory, l, new RemoteObjects(memory, l));
    List<PyThread> threads = new ArrayList<>();
    long t = s.u64(interp + layout.interpreter().interpThreadsHead);
    for (int i = 0; t != 0 && i < MAX_THREADS && s.contains(t, l.tstateSize); i++) {
      int tid = l.tstateNativeThreadId >= 0 ? (int) s.u64(t + l.tstateNativeThreadId) : tidByThreadState.getOrDefault(t, 0);
      threads.add(new PyThread(t, tid, frames(s, l, codes, t), s.u64(t + layout.interpreter().tstateDict)));
      t = s.u64(t + l.tstateNext);
    }
    return threads;
  }

  private static List<Frame> frames(Snapshot s, PythonLayout l, CodeCache codes, long tstate) {
    long current = s.u64(tstate + l.tstateFrame);
    if (l.frameModel == FrameModel.CFRAME && current != 0) {
      current = s.u64(current + l.cframeCurrentFrame);
    }
    List<Frame> frames = new ArrayList<>();
    for (int depth = 0; current != 0 && depth < MAX_DEPTH && s.contains(current, l.frameReadSize); depth++) {
      long back = s.u64(current + l.frameBack);
      if (l.frameModel == FrameModel.FRAME_OBJECT) {
        long code = s.u64(current + l.frameCode);
        int lasti = s.u32(current + l.framePosition);
        int address = l.lineFormat == PythonLayout.LineFormat.LINETABLE_310 ? lasti * 2 : lasti;
        frames.add(new Frame(label(codes, code, address), current, true));
      } else if (s.u8(current + l.frameOwner) < l.firstShimOwner) {
        long code = s.u64(current + l.frameCode) & l.executableMask;
        long offset = s.u64(current + l.framePosition) - (code + l.codeCodeAdaptive);
        int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
        frames.add(new Frame(label(codes, code, unit), current, false));
      }
      current = back;
    }
    Collections.reverse(frames);
    return frames;
  }

  private static String label(CodeCache codes, long code, int address) {
    try {
      CodeInfo info = codes.get(code, 0);
      return FrameKey.python(info.name(), info.fileName(), info.lineTable().lineAt(address)).label();
    } catch (MemoryReadException e) {
      return "<unknown frame>";
    }
  }
}
