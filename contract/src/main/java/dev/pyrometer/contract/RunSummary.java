package dev.pyrometer.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The agent's result: written as {@code summary.json}, and in compact form (at most {@link
 * SummaryCodec#TERMINATION_MESSAGE_LIMIT} bytes) to the container's termination message, where the
 * operator reads it. Unknown fields are ignored so that an older operator can read a newer agent.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param mode cpu, wall, offcpu or memory
 * @param rateHz samples per second per thread that were asked for
 * @param durationSeconds the duration that was asked for
 * @param elapsedSeconds how long sampling actually ran
 * @param exitReason why the agent stopped
 * @param exitCode the process exit code that goes with it
 * @param message a human sentence about the outcome (the error, when there was one)
 * @param processes one entry per target process
 * @param artifacts the files written
 * @param finding the headline of the diagnosis, when there is one
 * @param comparison with a base profile to compare with ({@link BaseProfiles}): the sentence about
 *     the largest change since it, or why it could not be compared; null when none was asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSummary(
    int schemaVersion,
    String mode,
    int rateHz,
    double durationSeconds,
    double elapsedSeconds,
    ExitReason exitReason,
    int exitCode,
    String message,
    List<ProcessSummary> processes,
    List<ArtifactRef> artifacts,
    Finding finding,
    String comparison) {

  public static final int SCHEMA_VERSION = 1;

  /** A summary without a comparison (the field came later; older agents leave it out). */
  public RunSummary(int schemaVersion, String mode, int rateHz, double durationSeconds, double elapsedSeconds,
      ExitReason exitReason, int exitCode, String message, List<ProcessSummary> processes, List<ArtifactRef> artifacts,
      Finding finding) {
    this(schemaVersion, mode, rateHz, durationSeconds, elapsedSeconds, exitReason, exitCode, message, processes,
        artifacts, finding, null);
  }

  public RunSummary withComparison(String sentence) {
    return new RunSummary(schemaVersion, mode, rateHz, durationSeconds, elapsedSeconds, exitReason, exitCode, message,
        processes, artifacts, finding, sentence);
  }

  /** Samples over all processes. */
  public long totalSamples() {
    return processes == null ? 0 : processes.stream().mapToLong(ProcessSummary::samples).sum();
  }
}
