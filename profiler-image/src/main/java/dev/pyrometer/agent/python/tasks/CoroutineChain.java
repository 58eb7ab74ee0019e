package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.python.CodeCache;
import dev.pyrometer.agent.python.CodeInfo;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonPointers;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a task's coroutine through what each coroutine awaits ({@code cr_await}: the top of a
 * suspended frame's value stack) down to the innermost suspended frame and the Future it waits on.
 * Every object met is type-checked before it is trusted; the walk is bounded and stops at a cycle.
 */
final class CoroutineChain {
  static final int MAX_DEPTH = 256;

  /** The frames, outermost first, and the last awaited object (0 when none). */
  record Result(List<PyFrame> frames, List<String> qualifiedNames, long awaitedObject, AsyncTypes.Role awaitedRole, boolean running, boolean notStarted) {}

  private final MemoryImage image;
  private final AsyncTypes types;
  private final CodeCache codes;
  private final PythonLayout threads;
  private final InterpreterOffsets frames;
  private final AsyncioLayout asyncio;
  private final int minor;
  private final long giFrameState;

  CoroutineChain(MemoryImage image, AsyncTypes types, CodeCache codes, PythonLayout threads, InterpreterOffsets frames,
      AsyncioLayout asyncio) {
    this.image = image;
    this.types = types;
    this.codes = codes;
    this.threads = threads;
    this.frames = frames;
    this.asyncio = asyncio;
    this.minor = threads.minor;
    this.giFrameState = minor == 11 ? 75 : 67;
  }

  /** @throws MemoryReadException when the chain is torn: a frame or code object that is no longer valid */
  Result follow(long coroutine, long now) throws MemoryReadException {
    List<PyFrame> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long current = coroutine;
    long awaited = 0;
    AsyncTypes.Role awaitedRole = null;
    boolean running = false;
    boolean notStarted = false;
    long[] seen = new long[MAX_DEPTH];
    for (int depth = 0; depth < MAX_DEPTH && current != 0; depth++) {
      for (int i = 0; i < depth; i++) {
        if (seen[i] == current) {
          throw new MemoryReadException("await cycle", current);
        }
      }
      seen[depth] = current;
      AsyncTypes.Role role = types.of(current);
      if (role == null) {
        throw new MemoryReadException("awaited object is gone", current);
      }
      if (role == AsyncTypes.Role.ASEND) {
        current = image.u64(current + asyncio.asendGen);
        continue;
      }
      if (role == AsyncTypes.Role.FUTURE_ITER) {
        long future = image.u64(current + asyncio.futureIterFuture);
        awaited = future;
        awaitedRole = future == 0 ? null : types.of(future);
        break;
      }
      if (role != AsyncTypes.Role.COROUTINE) {
        awaited = current;
        awaitedRole = role;
        break;
      }
      Step step = step(current, now);
      if (step == null) {
        break; // finished coroutine
      }
      out.add(step.frame);
      names.add(step.qualifiedName);
      if (step.executing) {
        running = true;
        break;
      }
      if (step.created) {
        notStarted = depth == 0;
        break;
      }
      current = step.yieldsFrom;
    }
    return new Result(out, names, awaited, awaitedRole, running, notStarted);
  }

  private record Step(PyFrame frame, String qualifiedName, long yieldsFrom, boolean executing, boolean created) {}

  /**
   * Before 3.11 code objects have no qualified name: {@code acquire} could be a Lock's or a
   * Semaphore's. The frame's first local ({@code self} of a method) names the class.
   */
  private String qualified(String name, long frame) {
    if (name.contains(".") || frames.frameObjectLocalsPlus < 0) {
      return name;
    }
    long self = image.u64(frame + frames.frameObjectLocalsPlus);
    dev.pyrometer.agent.python.objects.TypeInfo t = self == 0 ? null : types.registry().typeOf(self);
    return t != null && t.heap() ? t.name() + "." + name : name;
  }

  /** One coroutine: its frame's position and the object it awaits; null when it has finished. */
  private Step step(long gen, long now) throws MemoryReadException {
    if (minor <= 10) {
      long frame = image.u64(gen + frames.genFrame);
      if (frame == 0) {
        return null;
      }
      if (!PythonPointers.plausible(frame) || !image.contains(frame, 128)) {
        throw new MemoryReadException("bad coroutine frame", frame);
      }
      long code = image.u64(frame + threads.frameCode);
      int lasti = image.u32(frame + threads.framePosition);
      CodeInfo info = codes.get(code, now);
      int address = minor == 10 ? lasti * 2 : lasti;
      PyFrame f = new PyFrame(info, info.lineTable().lineAt(Math.max(address, 0)));
      long yf = 0;
      boolean executing;
      boolean created = lasti < 0;
      if (minor == 10) {
        int state = (byte) image.u8(frame + 108); // f_state: -1 created, 0 suspended, 1 executing
        executing = state == 1;
        int depth = image.u32(frame + 80); // f_stackdepth
        long valueStack = image.u64(frame + 64);
        if (!executing && depth > 0 && depth < 4096) {
          yf = image.u64(valueStack + 8L * (depth - 1));
        }
      } else {
        long stackTop = image.u64(frame + 72); // f_stacktop, NULL while executing
        executing = image.u8(frame + 116) != 0; // f_executing
        if (!executing && stackTop != 0) {
          yf = image.u64(stackTop - 8);
        }
      }
      return new Step(f, qualified(info.name(), frame), yf, executing, created);
    }
    long iframe = gen + frames.genIFrame;
    int state = (byte) image.u8(gen + giFrameState);
    boolean executing;
    boolean finished;
    boolean created;
    if (minor >= 15) {
      created = state == 0;
      executing = state == 4;
      finished = state > 4 || state < 0;
    } else {
      created = minor <= 12 ? state == -2 : state == -3;
      executing = state == 0;
      finished = state > 0;
    }
    if (finished) {
      return null;
    }
    long code = image.u64(iframe + threads.frameCode) & threads.executableMask;
    long instruction = image.u64(iframe + threads.framePosition);
    CodeInfo info = codes.get(code, now);
    long offset = instruction - (code + threads.codeCodeAdaptive);
    int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
    PyFrame f = new PyFrame(info, info.lineTable().lineAt(unit));
    long yf = 0;
    if (!executing && !created) {
      if (frames.iframeStackPointer) {
        long sp = image.u64(iframe + frames.iframeStackTop);
        yf = awaitable(image.u64(sp - 8) & ~3L);
        if (yf == 0) {
          yf = awaitable(image.u64(sp - 16) & ~3L); // the slot moved during 3.15's development
        }
      } else {
        int top = image.u32(iframe + frames.iframeStackTop);
        if (top > 0 && top < 1 << 16) {
          yf = image.u64(iframe + frames.iframeLocalsPlus + 8L * (top - 1));
        }
      }
    }
    return new Step(f, info.name(), yf, executing, created);
  }

  /** {@code candidate} when it is something a coroutine can await, else 0. */
  private long awaitable(long candidate) {
    if (!PythonPointers.plausible(candidate)) {
      return 0;
    }
    AsyncTypes.Role role = types.of(candidate);
    return role == null || role == AsyncTypes.Role.OTHER ? 0 : candidate;
  }
}
