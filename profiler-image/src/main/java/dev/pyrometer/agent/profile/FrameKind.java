package dev.pyrometer.agent.profile;

/** What a node of a call tree stands for. */
public enum FrameKind {
  /** A synthetic root naming one target process; shown when several processes are profiled. */
  PROCESS,
  /** A synthetic level naming one thread; hidden unless asked for. */
  THREAD,
  /** A Python function at a line. */
  PYTHON,
  /** The system call a blocked thread sits in (off-CPU leaf). */
  SYSCALL,
  /** A marker such as {@code <truncated>} or {@code <native>}. */
  MARKER
}
