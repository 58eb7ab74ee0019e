package dev.pyrometer.agent.target;

/**
 * Which of the visible (or matching) Python processes a run profiles: {@code all} of them, or
 * {@code auto}, the ones that matter for what is measured: for stacks the busiest program by CPU
 * (with all its workers), for memory the largest process by resident memory.
 */
public enum ProcessPolicy {
  ALL("all"),
  AUTO("auto");

  private final String cliName;

  ProcessPolicy(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** What {@code auto} ranks processes by. */
  public enum Measure {
    /** CPU consumed over a short window: cpu, wall and offcpu recordings. */
    CPU,
    /** Resident memory: heap snapshots. */
    RSS
  }
}
