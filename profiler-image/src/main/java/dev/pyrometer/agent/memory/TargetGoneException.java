package dev.pyrometer.agent.memory;

/** The target process no longer exists. */
public class TargetGoneException extends MemoryReadException {
  public TargetGoneException(int pid) {
    super("process " + pid + " has exited", 0);
  }
}
