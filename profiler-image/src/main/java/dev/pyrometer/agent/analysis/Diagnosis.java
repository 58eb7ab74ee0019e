package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.contract.CpuAccount;
import dev.pyrometer.contract.ProcessSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the diagnosis a person reads first: a few sentences, the most important first. */
final class Diagnosis {
  private static final int MORE_FINDINGS = 2;
  private static final double MENTION_IDLE_SHARE = 0.1;
  /** Findings smaller than this are left to the tables. */
  private static final double MENTION_FINDING_SHARE = 0.01;

  private Diagnosis() {}

  /** A dominant path this much heavier than the headline is worth its own sentence. */
  private static final double MENTION_PATH_MARGIN = 0.1;

  static List<String> write(SampleMode mode, Report.ProfileInfo info, List<ReportFinding> findings, int headline,
      List<ReportPath> paths, Report.Breakdowns breakdowns, List<Report.PatternShare> patterns) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%s profile of %s and %s: %,d samples at %d Hz over %s.",
        Texts.capitalize(Texts.modeName(mode)), Texts.plural(info.processes(), "process", "processes"),
        Texts.plural(info.threads(), "thread", "threads"), info.samples(), info.rateHz(), Texts.seconds(info.elapsedSeconds())));
    if (headline < 0) {
      return out;
    }
    ReportFinding top = findings.get(headline);
    double idle = findings.stream().filter(f -> f.verdict() == Verdict.IDLE).mapToDouble(ReportFinding::share).sum();
    if (top.verdict() == Verdict.PROBLEM) {
      String what = mode == SampleMode.CPU ? "hot path" : top.syscall() != null ? "blocking path" : "path";
      out.add("The most significant " + what + " (" + Texts.percent(top.share()) + "): " + top.title() + ".");
      out.add(top.message());
    } else if (top.verdict() == Verdict.IDLE) {
      out.add("No problem stands out: " + Texts.percent(idle) + " of " + Texts.basis(mode)
          + " are threads with nothing to do (idle workers, event loops or servers waiting for work).");
      out.add(top.message());
    } else {
      out.add("Mostly threads waiting for other threads (" + Texts.percent(top.share()) + "): " + top.title() + ".");
      out.add(top.message());
    }
    if (mode != SampleMode.OFFCPU && !paths.isEmpty() && paths.get(0).share() > top.share() + MENTION_PATH_MARGIN) {
      ReportPath heaviest = paths.get(0);
      ReportFrame end = heaviest.frames().get(heaviest.frames().size() - 1);
      out.add("Counting what it calls, the heaviest path ends in " + end.location() + ": " + Texts.percent(heaviest.share())
          + " of " + Texts.basis(mode) + ", spread over several calls (see the top code paths).");
    }
    String more = findings.stream()
        .filter(f -> f != top && f.verdict() == Verdict.PROBLEM && f.share() >= MENTION_FINDING_SHARE)
        .limit(MORE_FINDINGS)
        .map(f -> f.title() + " (" + Texts.percent(f.share()) + ")")
        .collect(Collectors.joining("; "));
    if (!more.isEmpty()) {
      out.add("Next: " + more + ".");
    }
    if (top.verdict() != Verdict.IDLE && idle >= MENTION_IDLE_SHARE) {
      out.add(Texts.capitalize(Texts.percent(idle)) + " of " + Texts.basis(mode)
          + " are idle threads waiting for work, which is not a problem.");
    }
    if (mode != SampleMode.OFFCPU && !breakdowns.byCategory().isEmpty()) {
      out.add("By whose code runs (self time): " + breakdowns.byCategory().stream()
          .map(s -> s.name() + " " + Texts.percent(s.share()))
          .collect(Collectors.joining(", ")) + ".");
    }
    if (!patterns.isEmpty()) {
      Report.PatternShare p = patterns.get(0);
      out.add("Recognised pattern: " + p.title() + " takes " + Texts.percent(p.share()) + " of " + Texts.basis(mode)
          + (p.location() == null ? "" : ", mostly from " + p.location()) + ".");
    }
    return out;
  }

  static List<String> notes(SampleMode mode, Report.ProfileInfo info, PathFacts paths, List<ProcessSummary> processes) {
    List<String> notes = new ArrayList<>();
    for (ProcessSummary process : processes) {
      String missing = cpuNotInProfile(process);
      if (missing != null) {
        notes.add(missing);
      }
    }
    if (info.overflowSamples() > 0) {
      notes.add(String.format(Locale.ROOT, "The call tree reached its size limit: %,d samples (%.1f%%) of stacks first seen"
          + " after that are counted under [other] in their process or thread, so the totals stay right but their"
          + " frames are not shown.", info.overflowSamples(), 100.0 * info.overflowSamples() / Math.max(1, info.samples())));
    }
    if (paths.eventLoopWaits()) {
      notes.add("Coroutines suspended in an event loop are on no thread's stack: an event loop that waits can hide"
          + " coroutines that await slow I/O.");
    }
    String geventNote = paths.geventNote();
    if (geventNote != null) {
      notes.add(geventNote);
    }
    if (paths.gil()) {
      notes.add("Waiting for the GIL is inferred: a futex wait at a source line that takes no lock.");
    }
    if (mode == SampleMode.WALL && paths.running()) {
      notes.add("In wall-clock mode, samples without a system call and without a recognised waiting frame are"
          + " counted as running code.");
    }
    notes.add("Shares are of all samples of the profile; times are samples × the sampling interval, summed over threads.");
    return notes;
  }

  /**
   * cpu mode: a process whose CPU time is to a tenth or more outside the profile (native threads,
   * threads never seen running), so that the reader does not take the profile for all of it.
   */
  private static String cpuNotInProfile(ProcessSummary process) {
    CpuAccount cpu = process.cpu();
    if (cpu == null || !cpu.profileHoldsLessThan(CpuAccount.NOTED_BELOW)) {
      return null;
    }
    return String.format(Locale.ROOT, "Process %d used %.2f CPU seconds and the profile holds %.2f of them (%.0f%%): the"
        + " rest ran in threads with no Python stack (an extension's native threads) or in threads never seen running.",
        process.pid(), cpu.processSeconds(), cpu.profiledSeconds(), 100 * cpu.profiledSeconds() / cpu.processSeconds());
  }
}
