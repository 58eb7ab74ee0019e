package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.diff.SessionComparison;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.heap.HeapAnalyzer;
import dev.pyrometer.agent.heap.HeapSession;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.MemoryArtifacts;
import dev.pyrometer.agent.heap.snapshot.CopyBudget;
import dev.pyrometer.agent.heap.snapshot.PtraceFreezer;
import dev.pyrometer.agent.output.OutputDirectory;
import dev.pyrometer.agent.output.RunOutputs;
import dev.pyrometer.agent.target.TargetSelector;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pyrometer heap}: which reference paths hold a Python process's memory now, how its RSS
 * splits, and (with several snapshots) what grows. Publishes like {@code record}: artifacts,
 * uploads with {@code --upload-from-env}, summary.json and the termination message.
 */
@Command(name = "heap", mixinStandardHelpOptions = true, description = {
    // the first line alone is the command's entry in `pyrometer --help`: keep it one short sentence
    "Snapshot the heap of running Python processes: which reference paths hold the memory.",
    "%nAttributes every Python object to the reference path that keeps it alive (sys.modules;module;VARIABLE (dict);...)."
        + " Writes into the output directory: report.html (the guided memory analysis), memory-report.json"
        + " (the same as data), memory-flamegraph.html, memory.folded and summary.json; with --snapshots 2 or more"
        + " also memory-diff.folded and the growth between snapshots.",
    "%nCtrl-C or SIGTERM stops after the current snapshot and still writes everything.%n"})
final class HeapCommand implements Callable<Integer> {
  static final int MAX_SNAPSHOTS = 1000;
  static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true)
  TargetOptions targets;

  @Mixin OutputOptions outputs;

  @Mixin ProcessPolicyOption processPolicy;

  @Mixin CompareOptions compare;

  @Option(names = "--snapshots", defaultValue = "1", paramLabel = "N", description = "Snapshots per process. Default: ${DEFAULT-VALUE}.")
  int snapshots;

  @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION", description = "Time between snapshots. Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Bound on the whole run: no snapshot starts after it.")
  Duration duration;

  @Option(names = "--freeze", description = "Stop the target's threads while its memory is copied (consistent paths; bounded pause).")
  boolean freeze;

  @Option(names = "--pause-budget", defaultValue = "1s", paramLabel = "DURATION",
      description = "With --freeze: the longest the target may stay stopped; the copy then goes on unfrozen. Default: ${DEFAULT-VALUE}.")
  Duration pauseBudget;

  @Option(names = "--max-copy", paramLabel = "SIZE", converter = ByteSizeConverter.class,
      description = "The most memory one snapshot may copy into the agent (512Mi, 4G...). Default: 80%% of the memory available.")
  Long maxCopy;




  @Override
  public Integer call() {
    validate();
    OutputDirectory.prepare(outputs.output);
    long started = System.nanoTime();
    TargetSelector.Selection selection;
    List<HeapAnalyzer> analyzers = new ArrayList<>();
    try {
      selection = TargetOptions.select(targets, processPolicy.policy(), dev.pyrometer.agent.target.ProcessPolicy.Measure.RSS);
      long copyLimit = maxCopy != null ? maxCopy : CopyBudget.defaultLimit();
      HeapAnalyzer.Options options = new HeapAnalyzer.Options(freeze ? new PtraceFreezer() : null, pauseBudget, copyLimit);
      for (AttachedProcess p : selection.attached()) {
        analyzers.add(new HeapAnalyzer(p, options));
      }
    } catch (AgentException e) {
      analyzers.forEach(HeapAnalyzer::close);
      writeFailure(e, started);
      throw e;
    }
    CompareOptions.Base base = compare.fetch();
    HeapSession session = new HeapSession(analyzers, new HeapSession.Plan(snapshots, interval, duration));
    StopSignals.onStop(session::stop);
    HeapSession.Result result;
    try {
      result = session.run();
    } finally {
      analyzers.forEach(HeapAnalyzer::close);
      selection.attached().forEach(AttachedProcess::close);
    }
    return finish(result, selection, base);
  }

  private int finish(HeapSession.Result result, TargetSelector.Selection selection, CompareOptions.Base base) {
    List<MemoryArtifacts.ProcessResult> analysed = new ArrayList<>();
    List<ProcessSummary> processes = new ArrayList<>();
    AgentException firstError = null;
    for (HeapSession.Outcome o : result.outcomes()) {
      AttachedProcess p = selection.attached().stream().filter(a -> a.pid() == o.pid()).findFirst().orElseThrow();
      if (o.analysis() == null) {
        firstError = firstError == null ? o.error() : firstError;
        processes.add(new ProcessSummary(p.pid(), p.commandLine(), p.runtime().version().toString(), 0, 0, null, null, 0,
            o.error() == null ? "no snapshot taken" : o.error().getMessage()));
        continue;
      }
      analysed.add(new MemoryArtifacts.ProcessResult(p.pid(), p.commandLine(), o.analysis()));
      processes.add(summary(p, o.analysis().report()));
    }
    processes.addAll(selection.failed());
    ExitReason reason;
    String message;
    if (analysed.isEmpty()) {
      reason = firstError != null ? firstError.reason() : ExitReason.NO_SAMPLES;
      message = firstError != null ? firstError.getMessage() : "no heap snapshot could be taken";
    } else {
      reason = result.interrupted() ? ExitReason.INTERRUPTED : ExitReason.COMPLETED;
      HeapReport first = analysed.get(0).analysis().report();
      message = String.format("%,d Python objects, %s", first.totals().objects(), FindingWriter.bytes(first.totals().bytes()))
          + String.format(" (%d snapshot%s)", first.meta().snapshots(), first.meta().snapshots() == 1 ? "" : "s")
          + (result.interrupted() ? "; stopped early" : "")
          + (selection.note() == null ? "" : "; " + selection.note());
    }
    List<ArtifactRef> artifacts = new ArrayList<>();
    String comparison = null;
    if (!analysed.isEmpty()) {
      try {
        String[] sentence = {null};
        artifacts.addAll(MemoryArtifacts.write(analysed, outputs.output, (folded, written) -> {
          if (base == null) {
            return List.of();
          }
          SessionComparison c = base.compare(folded, true, compare.name, outputs.output);
          written.addAll(c.artifacts());
          sentence[0] = c.sentence();
          return List.of(c.section());
        }));
        comparison = sentence[0];
      } catch (IOException e) {
        throw new AgentException(ExitReason.INTERNAL_ERROR, "cannot write the artifacts to " + outputs.output + ": " + OutputDirectory.reason(e), e);
      }
    }
    Finding finding = analysed.isEmpty() ? null : shortened(analysed.get(0).analysis().report());
    RunSummary draft = summary(reason, message, result.elapsed(), processes, finding);
    RunSummary summary = outputs().publish(comparison == null ? draft : draft.withComparison(comparison), artifacts);
    HeapConsole.print(spec.commandLine().getOut(), analysed, summary, outputs.output);
    if (!summary.exitReason().isSuccess()) {
      throw new AgentException(summary.exitReason(), summary.message());
    }
    return summary.exitCode();
  }

  private RunOutputs outputs() {
    return outputs.outputs(spec.commandLine().getErr());
  }

  /**
   * The per-process summary of a heap run: {@code samples} counts the Python objects found,
   * {@code topStack} is the largest reference path (root first) and {@code topStackSamples} its bytes.
   */
  private static ProcessSummary summary(AttachedProcess p, HeapReport report) {
    List<String> top = report.topPaths().isEmpty() ? null : Arrays.asList(report.topPaths().get(0).path().split(";"));
    long topBytes = report.topPaths().isEmpty() ? 0 : report.topPaths().get(0).bytes();
    return new ProcessSummary(p.pid(), p.commandLine(), report.meta().python(), report.totals().objects(), 0, null,
        top, topBytes, null, shortened(report), report.totals().bytes(), null, null);
  }

  /**
   * The finding as the summary carries it: its location is the short headline ({@code
   * module.variable (type) size}), what a printer column shows; memory-report.json keeps the long one.
   */
  private static Finding shortened(HeapReport report) {
    Finding f = report.finding();
    String top = dev.pyrometer.agent.heap.report.ShortTop.of(report);
    if (f == null || top == null) {
      return f;
    }
    return new Finding(f.kind(), f.title(), top, f.share(), f.suggestion());
  }

  /** The summary before publishing, which adds the artifacts and the upload's outcome. */
  private RunSummary summary(ExitReason reason, String message, Duration elapsed, List<ProcessSummary> processes,
      Finding finding) {
    double asked = duration != null ? duration.toMillis() / 1000.0 : interval.toMillis() / 1000.0 * (snapshots - 1);
    return new RunSummary(RunSummary.SCHEMA_VERSION, "memory", 0, asked, elapsed.toMillis() / 1000.0, reason,
        reason.exitCode(), message, processes, List.of(), finding);
  }

  /** Even a failed run leaves a summary saying why, for the operator and for scripts. */
  private void writeFailure(AgentException e, long started) {
    outputs().publishFailure(summary(e.reason(), e.getMessage(), Duration.ofNanos(System.nanoTime() - started), List.of(), null));
  }

  private void validate() {
    if (snapshots < 1 || snapshots > MAX_SNAPSHOTS) {
      throw AgentException.invalidArguments("--snapshots must be between 1 and " + MAX_SNAPSHOTS + ", not " + snapshots);
    }
    if (interval.isNegative() || (snapshots > 1 && interval.isZero())) {
      throw AgentException.invalidArguments("--interval must be more than 0 with several snapshots");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw AgentException.invalidArguments("--duration must be more than 0");
    }
    if (pauseBudget.isNegative() || pauseBudget.isZero() || pauseBudget.compareTo(MAX_PAUSE) > 0) {
      throw AgentException.invalidArguments("--pause-budget must be more than 0 and at most " + MAX_PAUSE.toSeconds() + "s");
    }
    if (maxCopy != null && maxCopy <= 0) {
      throw AgentException.invalidArguments("--max-copy must be more than 0");
    }
  }

}
