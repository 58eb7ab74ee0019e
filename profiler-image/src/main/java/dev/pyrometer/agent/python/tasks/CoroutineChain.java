package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.memory.MemoryImage;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.python.CodeCache;
import dev.pyrometer.agent.python.CodeInfo;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonPointers;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import dev.pyrometer.agent.python.objects.TypeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Follows a task's coroutine through what each coroutine awaits ({@code cr_await}: the top of a
 * suspended frame's value stack) down to the innermost suspended frame and the Future it waits on.
 * Every object met is type-checked before it is trusted; the walk is bounded and stops at a cycle.
 *
 * <p>The walk reads only raw words (object, type, code object, instruction position, awaited
 * object, per level) into a signature; frames and names are decoded only when the signature differs
 * from the previous census's for the same task. Frames are a function of (code object, position),
 * and every object on the chain is in the signature with its type, so an equal signature whose code
 * objects still check out in the {@link CodeCache} is the same chain: a task that moved on, or a new
 * task at a reused address, changes at least one word of it.
 */
final class CoroutineChain {
  static final int MAX_DEPTH = 256;

  /**
   * The frames, outermost first, and the last awaited object (0 when none); {@code signature} is
   * the raw words the chain was decoded from.
   */
  record Result(List<PyFrame> frames, List<String> qualifiedNames, long awaitedObject, AsyncTypes.Role awaitedRole,
      boolean running, boolean notStarted, long[] signature) {}

  private final MemoryImage image;
  private final AsyncTypes types;
  private final CodeCache codes;
  private final PythonLayout threads;
  private final InterpreterOffsets frames;
  private final AsyncioLayout asyncio;
  private final int minor;
  private final long giFrameState;
  /** Reused between walks: the signature being built. */
  private long[] words = new long[64];
  /** Reused: a code object's first bytes, as the census's picture of memory holds them. */
  private final byte[] codeBytes;
  private int length;
  /** Chains decoded vs. taken from the previous census (a cost measure). */
  private long decoded;
  private long reused;

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
    this.codeBytes = new byte[threads.codeReadSize];
  }

  long decoded() {
    return decoded;
  }

  long reused() {
    return reused;
  }

  /** Follows without a previous result: always decodes. */
  Result follow(long coroutine, long now) throws MemoryReadException {
    return follow(coroutine, now, null);
  }

  /**
   * The chain from {@code coroutine}; {@code previous} itself when the chain read now has the same
   * signature and its code objects are still the ones decoded.
   *
   * @throws MemoryReadException when the chain is torn: a frame or code object that is no longer valid
   */
  Result follow(long coroutine, long now, Result previous) throws MemoryReadException {
    List<Level> levels = new ArrayList<>(4);
    length = 0;
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
      TypeInfo type = types.registry().typeOf(current);
      AsyncTypes.Role role = types.ofType(type);
      if (role == null) {
        throw new MemoryReadException("awaited object is gone", current);
      }
      sign(current);
      sign(type.address());
      if (role == AsyncTypes.Role.ASEND) {
        current = image.u64(current + asyncio.asendGen);
        continue;
      }
      if (role == AsyncTypes.Role.FUTURE_ITER) {
        long future = image.u64(current + asyncio.futureIterFuture);
        TypeInfo futureType = future == 0 ? null : types.registry().typeOf(future);
        sign(future);
        sign(futureType == null ? 0 : futureType.address());
        awaited = future;
        awaitedRole = types.ofType(futureType);
        break;
      }
      if (role != AsyncTypes.Role.COROUTINE) {
        awaited = current;
        awaitedRole = role;
        break;
      }
      Level level = level(current);
      if (level == null) {
        sign(-1);
        break; // finished coroutine
      }
      levels.add(level);
      if (level.executing) {
        running = true;
        break;
      }
      if (level.created) {
        notStarted = depth == 0;
        break;
      }
      current = level.yieldsFrom;
    }
    sign(running ? 1 : 0);
    sign(notStarted ? 1 : 0);
    if (previous != null && Arrays.equals(previous.signature, 0, previous.signature.length, words, 0, length)
        && sameCode(levels, previous, now)) {
      reused++;
      return previous;
    }
    decoded++;
    List<PyFrame> out = new ArrayList<>(levels.size());
    List<String> names = new ArrayList<>(levels.size());
    for (Level l : levels) {
      CodeInfo info = code(l.code, now);
      out.add(new PyFrame(info, info.lineTable().lineAt(l.unit)));
      names.add(l.self == -1 ? info.name() : qualified(info.name(), l.self));
    }
    return new Result(out, names, awaited, awaitedRole, running, notStarted, Arrays.copyOf(words, length));
  }

  /** The code objects of an unchanged signature are still the ones decoded (the code cache re-checks freed-and-reused ones). */
  private boolean sameCode(List<Level> levels, Result previous, long now) throws MemoryReadException {
    if (levels.size() != previous.frames.size()) {
      return false;
    }
    for (int i = 0; i < levels.size(); i++) {
      if (code(levels.get(i).code, now) != previous.frames.get(i).code()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The code object at {@code address}, identified from its bytes in the census's pages: a
   * thousand tasks in the same three functions then cost no read at all, where reading the object
   * itself was one system call per task and level. Read directly only when not in the image.
   */
  private CodeInfo code(long address, long now) throws MemoryReadException {
    if (PythonPointers.plausible(address) && image.read(address, codeBytes, 0, codeBytes.length)) {
      return codes.get(address, codeBytes, 0);
    }
    return codes.get(address, now);
  }

  private void sign(long word) {
    if (length == words.length) {
      words = Arrays.copyOf(words, words.length * 2);
    }
    words[length++] = word;
  }

  /**
   * One coroutine's raw state: its code object, position (code unit), the object it awaits, and
   * (before 3.11, whose code objects have no qualified name) its first local, {@code self} of a
   * method, else -1.
   */
  private record Level(long code, int unit, long yieldsFrom, boolean executing, boolean created, long self) {}

  /**
   * Before 3.11 code objects have no qualified name: {@code acquire} could be a Lock's or a
   * Semaphore's. The frame's first local ({@code self} of a method) names the class.
   */
  private String qualified(String name, long self) {
    if (name.contains(".")) {
      return name;
    }
    TypeInfo t = self == 0 ? null : types.registry().typeOf(self);
    return t != null && t.heap() ? t.name() + "." + name : name;
  }

  /** One coroutine: its frame's position and the object it awaits; null when it has finished. */
  private Level level(long gen) throws MemoryReadException {
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
      int address = minor == 10 ? lasti * 2 : lasti;
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
      long self = frames.frameObjectLocalsPlus < 0 ? 0 : image.u64(frame + frames.frameObjectLocalsPlus);
      sign(frame);
      sign(code);
      sign(address);
      sign(yf);
      sign(self);
      sign(executing ? 1 : created ? 2 : 0);
      return new Level(code, Math.max(address, 0), yf, executing, created, self);
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
    long offset = instruction - (code + threads.codeCodeAdaptive);
    int unit = offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) (offset / 2);
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
    sign(code);
    sign(instruction);
    sign(yf);
    sign(state);
    return new Level(code, unit, yf, executing, created, -1);
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
