package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.analysis.GuidedAnalysis;
import dev.pyrometer.agent.analysis.ProcessHeadlines;
import dev.pyrometer.agent.analysis.Report;
import dev.pyrometer.agent.analysis.ReportWriter;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.diff.SessionComparison;
import dev.pyrometer.agent.output.ProfileArtifacts;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.output.OutputDirectory;
import dev.pyrometer.agent.output.RunOutputs;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.TreeView;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.Recorder;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.target.TargetSelector;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.CpuAccount;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SamplingClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pyrometer record}: samples Python processes and writes flame graphs and a summary. */
@Command(name = "record", mixinStandardHelpOptions = true, description = {
    // the first line alone is the command's entry in `pyrometer --help`: keep it one short sentence
    "Sample running Python processes: a flame graph and a guided analysis of where the time goes.",
    "%nWrites into the output directory: report.html (the guided analysis: diagnosis, findings, hot paths"
        + " and the flame graph) and report.json (the same as data), flamegraph.html (the interactive flame graph),"
        + " speedscope.json (for speedscope.app), profile.folded (the raw stacks, one per line, with line numbers)"
        + " and summary.json (the run's outcome).",
    "%nCtrl-C or SIGTERM ends the recording early and still writes everything.%n"})
final class RecordCommand implements Callable<Integer> {
  static final int MAX_RATE = 100_000;
  static final Duration MAX_DURATION = Duration.ofHours(24);

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true)
  TargetOptions targets;

  @Mixin OutputOptions outputs;

  @Mixin ProcessPolicyOption processPolicy;

  @Mixin CompareOptions compare;

  @Option(names = "--mode", defaultValue = "cpu", paramLabel = "MODE",
      description = "cpu (threads on CPU), wall (every thread), offcpu (blocked threads, with the system call). Default: ${DEFAULT-VALUE}.")
  SampleMode mode;

  @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION", description = "How long to sample: 500ms, 30s, 5m... Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--no-async", negatable = false,
      description = "Record event loop threads as plain threads: do not attribute their time to asyncio tasks.")
  boolean noAsync;

  @Option(names = "--rate", defaultValue = "100", paramLabel = "HZ", description = "Samples per second per process. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(names = "--lines", description = "Open flamegraph.html with one box per source line instead of one per function"
      + " (every flame graph page can switch; profile.folded always keeps the lines).")
  boolean lines;




  @Override
  public Integer call() {
    validate();
    OutputDirectory.prepare(outputs.output);
    long started = System.nanoTime();
    TargetSelector.Selection selection;
    try {
      selection = TargetOptions.select(targets, processPolicy.policy(), dev.pyrometer.agent.target.ProcessPolicy.Measure.CPU);
    } catch (AgentException e) {
      writeFailure(e, started);
      throw e;
    }
    CompareOptions.Base base = compare.fetch();
    Recorder recorder = new Recorder(selection.attached(), new Recorder.Options(mode, rate, duration, !noAsync));
    StopSignals.onStop(recorder::stop);
    Recorder.Result result;
    try {
      result = recorder.record();
    } finally {
      selection.attached().forEach(AttachedProcess::close);
    }
    return finish(result, selection, base);
  }

  private int finish(Recorder.Result result, TargetSelector.Selection selection, CompareOptions.Base base) {
    RecordedProfile profile = result.profile();
    List<ProcessSummary> processes = new ArrayList<>(profile.processes());
    processes.addAll(selection.failed());
    long samples = profile.tree().total();
    ExitReason reason = samples == 0 ? ExitReason.NO_SAMPLES
        : result.interrupted() ? ExitReason.INTERRUPTED
        : result.allExited() ? ExitReason.TARGETS_EXITED
        : ExitReason.COMPLETED;
    String message = switch (reason) {
      case NO_SAMPLES -> "no samples: no thread matched mode " + mode.cliName()
          + (mode == SampleMode.CPU ? " (were the processes idle? try --mode wall or offcpu)" : "");
      case INTERRUPTED -> "stopped early; " + samples + " samples written";
      case TARGETS_EXITED -> "every target exited; " + samples + " samples written";
      default -> samples + " samples";
    } + capNote(profile.tree()) + (selection.note() == null ? "" : "; " + selection.note());
    List<ArtifactRef> artifacts = new ArrayList<>();
    Finding finding = null;
    SessionComparison comparison = null;
    TreeView view = TargetOptions.byPattern(targets)
        ? TreeView.without(profile.tree(), EnumSet.of(FrameKind.THREAD))
        : TreeView.display(profile.tree());
    try {
      artifacts.addAll(ProfileArtifacts.write(profile, view, outputs.output, lines));
      List<ReportSection> extra = new ArrayList<>();
      if (base != null) {
        comparison = base.compare(outputs.output.resolve(Artifact.FOLDED.fileName()), false, compare.name, outputs.output);
        artifacts.addAll(comparison.artifacts());
        extra.add(comparison.section());
      }
      // the analysis needs several times the memory of the profile: if the agent's small heap
      // (it lives in the target pod's budget) cannot hold it, the profile is still written
      try {
        Report report = GuidedAnalysis.analyse(profile);
        artifacts.addAll(ReportWriter.write(report, view, outputs.output, extra));
        ProcessHeadlines headlines = ProcessHeadlines.of(profile, report, selection.primary());
        finding = headlines.run();
        processes = headlines.apply(processes);
      } catch (OutOfMemoryError e) {
        message += "; report.html and report.json skipped: not enough memory for the analysis (raise -Xmx with PYROMETER_JAVA_OPTS)";
      }
    } catch (IOException e) {
      throw new AgentException(ExitReason.INTERNAL_ERROR, "cannot write the artifacts to " + outputs.output + ": " + OutputDirectory.reason(e), e);
    }
    RunSummary draft = summary(reason, message, profile.elapsed(), processes, finding);
    RunSummary summary = outputs().publish(comparison == null ? draft : draft.withComparison(comparison.sentence()), artifacts);
    report(summary, selection.note());
    if (!summary.exitReason().isSuccess()) {
      throw new AgentException(summary.exitReason(), summary.message());
    }
    return summary.exitCode();
  }

  /**
   * E.g. {@code ; the call tree reached its cap of 400,000 nodes: 5,120 samples (12.0%) of stacks
   * first seen after that are counted under [other]}; empty when the cap was not reached.
   */
  static String capNote(CallTree tree) {
    if (tree.overflowWeight() == 0) {
      return "";
    }
    return String.format(java.util.Locale.ROOT,
        "; the call tree reached its cap of %,d nodes: %,d samples (%.1f%%) of stacks first seen after that are counted under %s",
        tree.maxNodes(), tree.overflowWeight(), 100.0 * tree.overflowWeight() / Math.max(1, tree.total()),
        CallTree.OTHER.label());
  }

  private RunOutputs outputs() {
    return outputs.outputs(spec.commandLine().getErr());
  }

  private void report(RunSummary summary, String note) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Recorded %d samples (%s mode, %d Hz, %.1f s) into %s%n", summary.totalSamples(), mode.cliName(),
        rate, summary.elapsedSeconds(), outputs.output.toAbsolutePath());
    if (note != null) {
      out.printf("  (%s)%n", note);
    }
    for (ArtifactRef a : summary.artifacts()) {
      out.printf("  %-18s %,d bytes%n", a.name(), a.bytes());
    }
    for (ProcessSummary p : summary.processes()) {
      if (p.error() != null && p.samples() == 0) {
        out.printf("%nProcess %d (%s): %s%n", p.pid(), p.commandLine(), p.error());
        continue;
      }
      out.printf("%nProcess %d (Python %s): %s%n  %d samples, %d dropped%n", p.pid(), p.pythonVersion(),
          p.commandLine(), p.samples(), p.dropped());
      if (p.clock() != null) {
        out.println("  " + clockLine(p.clock()));
      }
      if (p.cpu() != null) {
        out.println("  " + cpuLine(p.cpu()));
      }
      if (p.topStack() != null && !p.topStack().isEmpty()) {
        // human-readable stacks read innermost first everywhere (as dump prints them): the line to
        // look at comes first; the data formats (folded, summary.json) stay root first
        out.printf("  top stack (%d samples), innermost first:%n", p.topStackSamples());
        for (int i = p.topStack().size() - 1; i >= 0; i--) {
          out.printf("    %s%n", p.topStack().get(i));
        }
      }
      if (p.finding() != null && summary.processes().size() > 1) {
        out.printf("  headline (%.0f%% of its samples): %s%s%n", 100 * p.finding().share(), p.finding().title(),
            p.finding().location() == null ? "" : " at " + p.finding().location());
      }
    }
    if (summary.comparison() != null) {
      out.printf("%nCompared with %s: %s%n", compare.name, summary.comparison());
    }
    Finding finding = summary.finding();
    if (finding != null) {
      out.printf("%nDiagnosis (%.0f%% of samples): %s%n", 100 * finding.share(), finding.title());
      if (finding.location() != null) {
        out.printf("  in your code: %s%n", finding.location());
      }
      if (finding.suggestion() != null) {
        out.printf("  suggestion: %s%n", finding.suggestion());
      }
      out.printf("  full report: %s%n", outputs.output.resolve("report.html").toAbsolutePath());
    }
    out.flush();
  }

  /** E.g. {@code 452.3 of 1000 ticks/s sampled (4,523 ticks, 5,477 missed: the sampler fell behind)}. */
  static String clockLine(SamplingClock c) {
    String line = String.format("%.1f of %d ticks/s sampled (%,d ticks, %,d missed", c.achievedHz(), c.requestedHz(),
        c.ticks(), c.ticksMissed());
    if (c.ticksMissed() > 0) {
      line += ": the sampler fell behind";
    }
    if (c.ticksFailed() > 0) {
      line += String.format("; %,d unreadable", c.ticksFailed());
    }
    return line + ")";
  }

  /**
   * E.g. {@code the profile holds 4.52 of the process's 4.87 CPU seconds (93 %)}; below
   * {@link CpuAccount#NOTED_BELOW} (as report.html's notes), where the rest went.
   */
  static String cpuLine(CpuAccount c) {
    if (c.processSeconds() <= 0) {
      return "the process used no CPU time while it was sampled";
    }
    double share = c.profiledSeconds() / c.processSeconds();
    String line = String.format("the profile holds %.2f of the process's %.2f CPU seconds (%.0f %%)",
        c.profiledSeconds(), c.processSeconds(), 100 * share);
    if (c.profileHoldsLessThan(CpuAccount.NOTED_BELOW)) {
      line += ": the rest ran in threads with no Python stack (native threads) or in threads never seen running";
    }
    return line;
  }

  /** The summary before publishing, which adds the artifacts and the upload's outcome. */
  private RunSummary summary(ExitReason reason, String message, Duration elapsed, List<ProcessSummary> processes, Finding finding) {
    return new RunSummary(RunSummary.SCHEMA_VERSION, mode.cliName(), rate, duration.toMillis() / 1000.0,
        elapsed.toMillis() / 1000.0, reason, reason.exitCode(), message, processes, List.of(), finding);
  }

  /** Even a failed run leaves a summary saying why, for the operator and for scripts. */
  private void writeFailure(AgentException e, long started) {
    outputs().publishFailure(summary(e.reason(), e.getMessage(), Duration.ofNanos(System.nanoTime() - started), List.of(), null));
  }

  private void validate() {
    if (rate < 1 || rate > MAX_RATE) {
      throw AgentException.invalidArguments("--rate must be between 1 and " + MAX_RATE + " Hz, not " + rate);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw AgentException.invalidArguments("--duration must be more than 0 and at most 24h");
    }
  }

}
