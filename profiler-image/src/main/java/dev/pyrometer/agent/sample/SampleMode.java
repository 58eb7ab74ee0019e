package dev.pyrometer.agent.sample;

import java.util.Locale;

/** Which threads a sample keeps. */
public enum SampleMode {
  /** Only threads on CPU (state R) at the sample instant: where CPU time goes. */
  CPU,
  /** Every thread, every sample: where wall-clock time goes. */
  WALL,
  /** Only blocked threads, with the system call they wait in as the leaf: why the process waits. */
  OFFCPU;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
