package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.contract.ProcessSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the samples went: by kind of code, module, system call and finding kind, and per process
 * and thread with what each thread mostly did (the thread-dump view).
 */
final class BreakdownBuilder {
  private static final int TOP_MODULES = 15;

  private final RecordedProfile profile;
  private final double total;
  private final double secondsPerSample;
  private final Map<String, Long> syscalls = new HashMap<>();
  private final Map<String, Long> kinds = new HashMap<>();
  private final Map<Integer, Map<ThreadRef, ThreadTally>> byProcess = new LinkedHashMap<>();

  BreakdownBuilder(RecordedProfile profile, long total) {
    this.profile = profile;
    this.total = total;
    this.secondsPerSample = profile.secondsPerSample();
  }

  /** Counts one classified path (paths come heaviest first; none is kept). */
  void add(ClassifiedPath p) {
    if (p.path().syscall() != null) {
      syscalls.merge(p.path().syscall(), p.path().weight(), Long::sum);
    }
    kinds.merge(p.kind(), p.path().weight(), Long::sum);
    for (Map.Entry<ThreadRef, Long> e : p.path().threads().entrySet()) {
      byProcess.computeIfAbsent(e.getKey().pid(), pid -> new LinkedHashMap<>())
          .computeIfAbsent(e.getKey(), t -> new ThreadTally())
          .add(p.groupKey(), p.kind(), e.getValue());
    }
  }

  Report.Breakdowns build(FunctionStats functions, Map<String, ReportFinding> findingByKey) {
    List<Report.Share> byCategory = new ArrayList<>();
    for (CodeCategory category : CodeCategory.values()) {
      long w = functions.byCategory().getOrDefault(category, 0L);
      if (w > 0) {
        byCategory.add(share(category.label(), category, w));
      }
    }
    List<Report.Share> byModule = sorted(functions.byModule()).stream()
        .limit(TOP_MODULES)
        .map(e -> share(e.getKey(), functions.categoryOfModule(e.getKey()), e.getValue()))
        .toList();
    List<Report.Share> bySyscall = sorted(syscalls).stream().map(e -> share(e.getKey(), null, e.getValue())).toList();
    List<Report.Share> byKind = sorted(kinds).stream().map(e -> share(e.getKey(), null, e.getValue())).toList();
    return new Report.Breakdowns(byCategory, byModule, bySyscall, byKind, processes(findingByKey));
  }

  private List<Report.ProcessRow> processes(Map<String, ReportFinding> findingByKey) {
    Map<Integer, ProcessSummary> summaries = new HashMap<>();
    if (profile.processes() != null) {
      profile.processes().forEach(s -> summaries.put(s.pid(), s));
    }
    List<Report.ProcessRow> rows = new ArrayList<>();
    for (Map.Entry<Integer, Map<ThreadRef, ThreadTally>> process : byProcess.entrySet()) {
      long processSamples = 0;
      String commandLine = "";
      List<Report.ThreadRow> threads = new ArrayList<>();
      for (Map.Entry<ThreadRef, ThreadTally> thread : process.getValue().entrySet()) {
        ThreadTally tally = thread.getValue();
        processSamples += tally.samples;
        commandLine = thread.getKey().commandLine();
        Map.Entry<String, Long> top = sorted(tally.byGroup).get(0);
        ReportFinding finding = findingByKey.get(top.getKey());
        threads.add(new Report.ThreadRow(thread.getKey().tid(), thread.getKey().name(), tally.samples, tally.samples / total,
            tally.samples * secondsPerSample, tally.kinds.get(top.getKey()),
            finding == null ? null : finding.title(), (double) top.getValue() / tally.samples,
            finding == null || finding.location() == null ? null : finding.location().location()));
      }
      threads.sort(Comparator.comparingLong(Report.ThreadRow::samples).reversed().thenComparingInt(Report.ThreadRow::tid));
      ProcessSummary summary = summaries.get(process.getKey());
      rows.add(new Report.ProcessRow(process.getKey(), summary != null ? summary.commandLine() : commandLine,
          summary != null ? summary.pythonVersion() : null, processSamples, processSamples / total,
          processSamples * secondsPerSample, threads));
    }
    rows.sort(Comparator.comparingLong(Report.ProcessRow::samples).reversed().thenComparingInt(Report.ProcessRow::pid));
    return rows;
  }

  private Report.Share share(String name, CodeCategory category, long weight) {
    return new Report.Share(name, category, weight, weight / total, weight * secondsPerSample);
  }

  private static List<Map.Entry<String, Long>> sorted(Map<String, Long> weights) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(weights.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return entries;
  }

  /** One thread's samples by finding. */
  private static final class ThreadTally {
    final Map<String, Long> byGroup = new HashMap<>();
    final Map<String, String> kinds = new HashMap<>();
    long samples;

    void add(String group, String kind, long weight) {
      byGroup.merge(group, weight, Long::sum);
      kinds.put(group, kind);
      samples += weight;
    }
  }
}
