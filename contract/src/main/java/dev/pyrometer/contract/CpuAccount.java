package dev.pyrometer.contract;

/**
 * cpu mode: how much of one process's CPU time the profile holds. The rest ran in threads with no
 * Python stack (native threads of an extension, a runtime's helpers), in threads that ended
 * before the sampler ever saw them running, or before the first and after the last tick.
 *
 * @param processSeconds CPU seconds of the whole process over the recording, every thread (Python
 *     or not, ended ones included), from the kernel's account of it
 * @param profiledSeconds CPU seconds the profile holds for the process: its samples times the
 *     sampling interval
 */
public record CpuAccount(double processSeconds, double profiledSeconds) {
  /** Below this share of the process's CPU time, the CLI and the report say where the rest went. */
  public static final double NOTED_BELOW = 0.9;

  /**
   * Whether the profile holds less than {@code share} (0 to 1) of the process's CPU time, when that
   * time is enough to tell (50 ms: the kernel counts a process's CPU time in 10 ms ticks).
   */
  public boolean profileHoldsLessThan(double share) {
    return processSeconds >= 0.05 && profiledSeconds < share * processSeconds;
  }
}
