package dev.pyrometer.agent.heap.roots;

import dev.pyrometer.agent.heap.snapshot.Snapshot;
import dev.pyrometer.agent.python.layout.HeapLayout;
import dev.pyrometer.agent.python.layout.InterpreterOffsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The main interpreter's roots, read from the snapshot: {@code sys.modules}, the sys and builtins
 * dicts, the GC state, the interned-strings dict and (3.12+) the dicts of static builtin types.
 *
 * @param interpreter address of the main {@code PyInterpreterState}
 * @param interpreterCount interpreters in the runtime (only the main one is walked)
 * @param modules the {@code sys.modules} dict
 * @param sysDict the sys module's dict
 * @param builtins the builtins module's dict
 * @param gcState address of the GC state holding the generation lists
 * @param interned the interned-strings dict, or 0 when it cannot be found (stripped ≤3.11 builds)
 * @param staticTypeDicts static type address → its dict, for 3.12+ where {@code tp_dict} is NULL
 */
public record InterpreterRoots(
    long interpreter,
    int interpreterCount,
    long modules,
    long sysDict,
    long builtins,
    long gcState,
    long interned,
    Map<Long, Long> staticTypeDicts) {

  private static final int MAX_INTERPRETERS = 256;
  private static final int MAX_STATIC_TYPES = 1024;

  /**
   * Reads the roots of the interpreter whose runtime is at {@code runtime}.
   *
   * @param internedPointer ≤3.11: the address of the static {@code interned} variable, or 0
   */
  public static InterpreterRoots read(Snapshot s, HeapLayout layout, long runtime, long internedPointer) {
    InterpreterOffsets f = layout.interpreter();
    long head = s.u64(runtime + layout.threads().runtimeInterpretersHead);
    int count = 0;
    long last = 0;
    for (long i = head; i != 0 && count < MAX_INTERPRETERS; i = s.u64(i + f.interpNext)) {
      count++;
      last = i;
    }
    long main = f.runtimeInterpretersMain >= 0 ? s.u64(runtime + f.runtimeInterpretersMain) : 0;
    long interp = main != 0 ? main : last; // the main interpreter is created first: the list's tail
    long gcState = f.interpGc >= 0 ? interp + f.interpGc : runtime + f.runtimeGc;
    long interned = f.interpInternedStrings >= 0
        ? s.u64(interp + f.interpInternedStrings)
        : internedPointer != 0 ? s.u64(internedPointer) : 0;
    return new InterpreterRoots(interp, count, s.u64(interp + f.interpModules), s.u64(interp + f.interpSysdict),
        s.u64(interp + f.interpBuiltins), gcState, interned, staticTypeDicts(s, f, interp));
  }

  private static Map<Long, Long> staticTypeDicts(Snapshot s, InterpreterOffsets f, long interp) {
    Map<Long, Long> out = new HashMap<>();
    if (f.interpStaticTypes < 0 || f.staticTypeStateSize <= 0) {
      return out;
    }
    long n = f.interpStaticTypesCount >= 0 ? s.u64(f.interpStaticTypesCount + interp) : MAX_STATIC_TYPES;
    n = Math.min(n & 0xffffffffL, MAX_STATIC_TYPES);
    for (long i = 0; i < n; i++) {
      long state = interp + f.interpStaticTypes + i * f.staticTypeStateSize;
      long type = s.u64(state + f.staticTypeStateType);
      long dict = s.u64(state + f.staticTypeStateDict);
      if (type != 0 && dict != 0) {
        out.put(type, dict);
      }
    }
    return out;
  }
}
