package dev.pyrometer.agent.memory;

/** The kernel refused to let us read the target's memory (ptrace access mode check). */
public class MemoryAccessDeniedException extends MemoryReadException {
  private final int pid;

  public MemoryAccessDeniedException(int pid) {
    super("not allowed to read the memory of process " + pid, 0);
    this.pid = pid;
  }

  public int pid() {
    return pid;
  }
}
