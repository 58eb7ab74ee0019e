package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonVersion;

/** Rejects {@code _Py_DebugOffsets} values no real build publishes, before anything follows them. */
final class DebugOffsetsCheck {
  private static final long MAX_STRUCT = 1L << 20;

  private DebugOffsetsCheck() {}

  static void validate(PythonLayout l, PythonVersion version) {
    check(l.tstateSize > 64 && l.tstateSize < MAX_STRUCT, "thread state size", l.tstateSize, version);
    for (long field : new long[] {l.tstateNext, l.tstateInterp, l.tstateFrame, l.tstateThreadId, l.tstateNativeThreadId}) {
      check(field >= 0 && field + 8 <= l.tstateSize, "thread state field", field, version);
    }
    check(l.frameReadSize > 0 && l.frameReadSize < 4096, "frame size", l.frameReadSize, version);
    check(l.codeReadSize > 0 && l.codeReadSize < 4096, "code object size", l.codeReadSize, version);
    check(l.runtimeInterpretersHead > 0 && l.runtimeInterpretersHead < MAX_STRUCT, "interpreters head", l.runtimeInterpretersHead, version);
    check(l.interpThreadsHead > 0 && l.interpThreadsHead < MAX_STRUCT, "threads head", l.interpThreadsHead, version);
  }

  private static void check(boolean ok, String what, long value, PythonVersion version) {
    if (!ok) {
      throw AgentException.unsupportedVersion("Python " + version + " publishes an implausible _Py_DebugOffsets "
          + what + " (" + value + "): not a build Pyrometer can read");
    }
  }
}
