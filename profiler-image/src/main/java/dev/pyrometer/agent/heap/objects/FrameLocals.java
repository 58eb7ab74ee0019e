package dev.pyrometer.agent.heap.objects;

import dev.pyrometer.agent.heap.graph.EdgeSink;
import dev.pyrometer.agent.heap.graph.Label;
import dev.pyrometer.agent.heap.graph.TextTable;
import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import dev.pyrometer.agent.python.layout.ObjectOffsets;

/**
 * The local variables of a frame, named by its code object: the {@code f_localsplus} array of a
 * 3.8–3.10 frame object, or the {@code localsplus} of a 3.11+ interpreter frame (on a thread's
 * data stack, inside a generator, or owned by a frame object). Also the frame's value stack.
 */
public final class FrameLocals {
  private static final long MAX_LOCALS = 1 << 16;

  private final Snapshot s;
  private final ObjectOffsets o;
  private final InterpreterOffsets f;
  private final long executableMask;
  private final int stackText;
  private final int localsText;
  private final int funcText;

  public FrameLocals(Snapshot snapshot, HeapLayout layout, TextTable texts) {
    this.s = snapshot;
    this.o = layout.objects();
    this.f = layout.interpreter();
    this.executableMask = layout.threads().executableMask;
    this.stackText = texts.id("[stack]");
    this.localsText = texts.id("f_locals");
    this.funcText = texts.id("__func__");
  }

  /** The code object a 3.11+ interpreter frame runs (tag bits of 3.14 stack references cleared). */
  public long iframeCode(long iframe) {
    return s.u64(iframe + f.iframeCode) & executableMask;
  }

  /** Emits the locals, value stack, function and locals dict of a 3.11+ interpreter frame. */
  public void interpreterFrame(long iframe, EdgeSink sink) {
    long code = iframeCode(iframe);
    long n = nLocalsPlus(code);
    long names = s.u64(code + f.codeLocalsPlusNames);
    long slots = iframe + f.iframeLocalsPlus;
    for (long i = 0; i < n; i++) {
      long value = stackRef(s.u64(slots + 8 * i));
      if (value != 0) {
        sink.edge(value, Label.NAME, tupleItem(names, i));
      }
    }
    long top = f.iframeStackPointer
        ? (s.u64(iframe + f.iframeStackTop) - slots) / 8
        : s.u32(iframe + f.iframeStackTop);
    for (long i = n; i < Math.min(top, n + MAX_LOCALS); i++) {
      long value = stackRef(s.u64(slots + 8 * i));
      if (value != 0) {
        sink.edge(value, Label.FIELD, stackText);
      }
    }
    sink.edge(code, Label.COLLAPSE, 0);
    if (f.iframeFunc >= 0) {
      sink.edge(stackRef(s.u64(iframe + f.iframeFunc)), Label.FIELD, funcText);
    }
    if (f.iframeLocals >= 0) {
      sink.edge(s.u64(iframe + f.iframeLocals), Label.FIELD, localsText);
    }
  }

  /** Emits the locals of a 3.8–3.10 frame object. */
  public void frameObject(long frame, EdgeSink sink) {
    long code = s.u64(frame + f.frameObjectCode);
    long varnames = s.u64(code + f.codeVarnames);
    long cellvars = s.u64(code + f.codeCellvars);
    long freevars = s.u64(code + f.codeFreevars);
    long nlocals = s.u32(code + f.codeNLocals);
    long ncells = tupleSize(cellvars);
    long nfree = tupleSize(freevars);
    long slots = frame + f.frameObjectLocalsPlus;
    for (long i = 0; i < Math.min(nlocals + ncells + nfree, MAX_LOCALS); i++) {
      long value = s.u64(slots + 8 * i);
      if (value == 0) {
        continue;
      }
      long name = i < nlocals ? tupleItem(varnames, i)
          : i < nlocals + ncells ? tupleItem(cellvars, i - nlocals)
          : tupleItem(freevars, i - nlocals - ncells);
      sink.edge(value, Label.NAME, name);
    }
    sink.edge(code, Label.COLLAPSE, 0);
    sink.edge(s.u64(frame + f.frameObjectLocals), Label.FIELD, localsText);
  }

  private long nLocalsPlus(long code) {
    long n = s.u32(code + f.codeNLocalsPlus);
    return n < 0 || n > MAX_LOCALS ? 0 : n;
  }

  /** 3.14+ stack references carry tag bits; a tagged int (both bits) is no pointer at all. */
  private long stackRef(long bits) {
    if (executableMask == -1L) {
      return bits;
    }
    return (bits & 3) == 3 ? 0 : bits & executableMask;
  }

  private long tupleSize(long tuple) {
    long n = tuple == 0 ? 0 : s.u64(tuple + o.obSize);
    return n < 0 || n > MAX_LOCALS ? 0 : n;
  }

  private long tupleItem(long tuple, long i) {
    return i < tupleSize(tuple) ? s.u64(tuple + o.tupleItems + 8 * i) : 0;
  }
}
