package dev.pyrometer.agent.profile;

import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.contract.ProcessSummary;
import java.time.Duration;
import java.util.List;

/**
 * Everything one recording produced, handed to renderers and to the analysis.
 *
 * @param mode which threads were kept
 * @param rateHz samples per second that were asked for (one sample = one thread stack)
 * @param elapsed how long sampling ran
 * @param tree all stacks, with a PROCESS root per process and a THREAD level per thread
 * @param processes per-process outcome, as in the summary
 */
public record RecordedProfile(
    SampleMode mode, int rateHz, Duration elapsed, CallTree tree, List<ProcessSummary> processes) {

  /** Seconds one sample stands for. */
  public double secondsPerSample() {
    return 1.0 / rateHz;
  }
}
