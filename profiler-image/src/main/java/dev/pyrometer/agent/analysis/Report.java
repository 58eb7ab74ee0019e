package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pyrometer.contract.Finding;
import java.util.List;
import java.util.Optional;

/**
 * The written diagnosis of one profile, as stored in {@code report.json} and shown by {@code
 * report.html}. Shares are fractions (0..1) of all samples of the profile; seconds are samples
 * times the sampling interval, summed over threads.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}; readers ignore fields they do not know
 * @param profile what was sampled
 * @param diagnosis the written diagnosis, one sentence per entry, most important first
 * @param headline index into {@code findings} of the finding the summary shows, -1 when none
 * @param findings what was found, most significant first
 * @param paths the most significant code paths, heaviest first
 * @param functions the hottest functions by self and inclusive time
 * @param breakdowns where the samples went, by kind of code, module, system call, cause, process and thread
 * @param patterns recognised kinds of CPU work and their share
 * @param notes what the reader should know about the limits of this analysis
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Report(
    int schemaVersion,
    ProfileInfo profile,
    List<String> diagnosis,
    int headline,
    List<ReportFinding> findings,
    List<ReportPath> paths,
    Functions functions,
    Breakdowns breakdowns,
    List<PatternShare> patterns,
    List<String> notes) {

  public static final int SCHEMA_VERSION = 1;

  /** The finding the summary and the ProfileSession's TOP column show. */
  @JsonIgnore
  public Optional<ReportFinding> headlineFinding() {
    return headline >= 0 && headline < findings.size() ? Optional.of(findings.get(headline)) : Optional.empty();
  }

  /** The headline for the run summary; null when the profile has no samples. */
  public Finding headlineForSummary() {
    return headlineFinding().map(ReportFinding::toSummaryFinding).orElse(null);
  }

  /**
   * What was profiled.
   *
   * @param mode cpu, wall or offcpu
   * @param rateHz samples per second per thread asked for
   * @param secondsPerSample the time one sample stands for
   * @param elapsedSeconds how long sampling ran
   * @param samples thread samples analysed
   * @param overflowSamples samples counted under [other] (part of {@code samples}): the call tree
   *     had reached its node cap when their stacks first appeared
   * @param processes processes sampled
   * @param threads threads seen
   */
  public record ProfileInfo(String mode, int rateHz, double secondsPerSample, double elapsedSeconds, long samples,
      long overflowSamples, int processes, int threads) {}

  /** The hottest functions. */
  public record Functions(List<FunctionRow> self, List<FunctionRow> inclusive) {}

  /**
   * One function, over all its callers.
   *
   * @param line the line most self samples were at (the first line seen when it has no self samples)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FunctionRow(String function, String module, String file, String shortFile, int line, CodeCategory category,
      long selfSamples, double selfShare, double selfSeconds, long totalSamples, double totalShare, double totalSeconds,
      List<LineShare> selfLines, List<LineShare> totalLines) {}

  /**
   * One source line of a function: the samples at it and their share of all samples.
   *
   * @param line the line number (0 when the sampler could not tell)
   */
  public record LineShare(int line, long samples, double share) {}

  /** Where the samples went. */
  public record Breakdowns(List<Share> byCategory, List<Share> byModule, List<Share> bySyscall, List<Share> byKind,
      List<ProcessRow> processes) {}

  /**
   * One slice of a breakdown.
   *
   * @param name what the slice is (a category, module, system call or finding kind)
   * @param category whose code it is, for module slices
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Share(String name, CodeCategory category, long samples, double share, double seconds) {}

  /** One process and its threads. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProcessRow(int pid, String commandLine, String pythonVersion, long samples, double share, double seconds,
      List<ThreadRow> threads) {}

  /**
   * One thread: how much it was sampled and what it mostly did.
   *
   * @param kind the finding kind that covers most of the thread's samples
   * @param kindShare the fraction of the thread's own samples with that kind
   * @param location where in the code (the finding's location)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ThreadRow(int tid, String name, long samples, double share, double seconds, String kind, String title,
      double kindShare, String location) {}

  /**
   * A recognised kind of CPU work.
   *
   * @param location the application frame that causes most of it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PatternShare(String pattern, String title, long samples, double share, double seconds, String location,
      String suggestion) {}
}
