package dev.pyrometer.agent.profile;

/**
 * One frame as it is aggregated and shown. Python frames keep the full file name (analysis
 * classifies by it); {@link #label()} shortens it the way flame graphs show it.
 *
 * @param kind what the frame stands for
 * @param name function qualified name, syscall name, process or thread description
 * @param file full source path for Python frames, else null
 * @param line line number for Python frames (0 when unknown), else 0
 * @param firstLine the line of the function's {@code def} ({@code co_firstlineno}) for Python frames
 *     read from a process, 0 when unknown (frames parsed back from a folded file) and for other kinds.
 *     A property of the function, not of the frame's identity: {@link #equals} and {@link #hashCode}
 *     leave it out, so a frame read back from a folded file still matches the recorded one.
 */
public record FrameKey(FrameKind kind, String name, String file, int line, int firstLine) {

  public FrameKey(FrameKind kind, String name, String file, int line) {
    this(kind, name, file, line, 0);
  }

  public static FrameKey python(String qualifiedName, String file, int line) {
    return new FrameKey(FrameKind.PYTHON, qualifiedName, file, line, 0);
  }

  /** A Python frame whose function starts at {@code firstLine} (the code object's {@code co_firstlineno}). */
  public static FrameKey python(String qualifiedName, String file, int line, int firstLine) {
    return new FrameKey(FrameKind.PYTHON, qualifiedName, file, line, firstLine);
  }

  public static FrameKey syscall(String syscallName) {
    return new FrameKey(FrameKind.SYSCALL, syscallName, null, 0);
  }

  public static FrameKey marker(String text) {
    return new FrameKey(FrameKind.MARKER, text, null, 0);
  }

  public static FrameKey process(int pid, String commandLine) {
    return new FrameKey(FrameKind.PROCESS, "process " + pid + ": " + commandLine, null, pid);
  }

  public static FrameKey thread(int tid, String threadName) {
    String name = threadName == null || threadName.isEmpty() ? "thread " + tid : "thread " + tid + " (" + threadName + ")";
    return new FrameKey(FrameKind.THREAD, name, null, tid);
  }

  /**
   * The text of this frame in folded stacks and flame graphs: {@code qualname (file.py:12)} for
   * Python, {@code poll_[k]} for a system call (FlameGraph's suffix for kernel frames), the name
   * otherwise. Never contains {@code ;} or a line break, the separators of the folded format.
   */
  public String label() {
    String text =
        switch (kind) {
          case PYTHON -> name + " (" + SourcePaths.shortName(file) + ":" + line + ")";
          case SYSCALL -> name + "_[k]";
          default -> name;
        };
    return sanitize(text);
  }

  /** Function name and location with the full path, for reports: {@code run (/usr/lib/python3.12/subprocess.py:505)}. */
  public String longLabel() {
    return kind == FrameKind.PYTHON ? sanitize(name + " (" + file + ":" + line + ")") : label();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameKey k && kind == k.kind && line == k.line && java.util.Objects.equals(name, k.name)
        && java.util.Objects.equals(file, k.file);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, name, file, line);
  }

  static String sanitize(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ';' || c == '\n' || c == '\r') {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append(c == ';' ? ',' : ' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
