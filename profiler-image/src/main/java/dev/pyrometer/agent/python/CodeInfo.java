package dev.pyrometer.agent.python;

/**
 * What the walker needs from one code object, read once and cached by address.
 *
 * @param name {@code co_qualname} from 3.11, {@code co_name} before
 * @param fileName {@code co_filename}
 * @param lineTable decoded line table
 * @param fingerprint the fields that identify the code object at its address ({@code co_version}
 *     from 3.12, the name, file name and line table pointers, the first line): if they change,
 *     the address now holds another code object
 * @param serial unique per walker (never reused), a cheap key for per-frame caches downstream
 */
public record CodeInfo(String name, String fileName, LineTable lineTable, long fingerprint, int serial) {
  /** {@code co_firstlineno}: the line of the function's {@code def} (or decorator), 1 for a module. */
  public int firstLine() {
    return lineTable.firstLine();
  }

  /**
   * True for the interpreter's own shim code, not the user's: since 3.12 a specialized call of a
   * class pushes a frame running {@code _Py_InitCleanup}, named {@code __init__} in a file named
   * {@code __init__}, between the caller and the real {@code __init__}. Tracebacks hide it too.
   */
  public boolean isInterpreterShim() {
    return "__init__".equals(fileName) && "__init__".equals(name);
  }
}
