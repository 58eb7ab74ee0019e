package dev.pyrometer.agent.python.layout;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonVersion;
import dev.pyrometer.agent.python.layout.LayoutTable;
import dev.pyrometer.agent.python.layout.RawLayout;

/**
 * Everything the heap walk needs to know about one interpreter's memory layout: the sampler's
 * thread and frame offsets ({@link PythonLayout}), plus object internals and roots.
 *
 * @param version the interpreter's exact version
 * @param threads the sampler's layout (thread states, frames, code names and lines)
 * @param objects built-in object internals
 * @param interpreter roots, GC lists, frames' locals
 */
public record HeapLayout(PythonVersion version, PythonLayout threads, ObjectOffsets objects, InterpreterOffsets interpreter) {

  /**
   * The layout for a located interpreter.
   *
   * @param debugOffsets the target's {@code _Py_DebugOffsets} block (3.13+), or null
   */
  public static HeapLayout of(PythonVersion version, PythonLayout threads, byte[] debugOffsets) {
    RawLayout raw = LayoutTable.forMinor(version.minor())
        .orElseThrow(() -> AgentException.unsupportedVersion("no layout table for Python " + version));
    LayoutValues values = new LayoutValues(raw, debugOffsets);
    return new HeapLayout(version, threads, new ObjectOffsets(values), new InterpreterOffsets(values));
  }

  /** Size of the debug offsets block to read at {@code _PyRuntime}, 0 before 3.13. */
  public static int debugOffsetsSize(PythonVersion version) {
    return LayoutTable.forMinor(version.minor())
        .flatMap(raw -> raw.has("sizeof._Py_DebugOffsets") ? java.util.Optional.of((int) raw.get("sizeof._Py_DebugOffsets")) : java.util.Optional.empty())
        .orElse(0);
  }

  public int minor() {
    return version.minor();
  }
}
