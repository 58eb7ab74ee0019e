package dev.pyrometer.agent.analysis;

/**
 * One frame of a code path.
 *
 * @param frame the function (or system call, or marker)
 * @param line the line this path passes through: the call site, or the hottest line of a leaf; 0
 *     for non-Python frames
 * @param total weight of all samples through this frame in the context of its callers
 * @param pid a process the frame was seen in (for reading its source), 0 when unknown
 */
public record PathFrame(CodeFrame frame, int line, long total, int pid) {

  /** {@code name (file.py:12)}, as flame graphs label it. */
  public String label() {
    return frame.isPython() ? frame.function() + " (" + frame.shortFile() + ":" + line + ")" : frame.key().label();
  }

  /** {@code name (short/file.py:12)} with the module-qualified name for library code. */
  public String location() {
    return frame.function() + " (" + frame.shortFile() + ":" + line + ")";
  }
}
