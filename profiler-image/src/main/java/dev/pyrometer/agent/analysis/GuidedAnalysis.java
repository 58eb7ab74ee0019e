package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.RecordedProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guided analysis of one recorded profile: merges stacks per function, classifies every path
 * (why it waited, or what it burned, and at which application line), groups the paths into
 * findings, and picks the headline. {@link #analyse(RecordedProfile)} is the entry point; {@link
 * ReportWriter} turns the result into report.json and report.html.
 */
public final class GuidedAnalysis {
  static final int TOP_FINDINGS = 25;
  static final int TOP_PATHS = 10;
  static final int TOP_FUNCTIONS = 25;
  /** A problem smaller than this does not make the headline over idle time. */
  static final double HEADLINE_MIN_SHARE = 0.02;

  private GuidedAnalysis() {}

  /** Analyses a profile, reading source lines of the profiled processes through /proc/PID/root. */
  public static Report analyse(RecordedProfile profile) {
    return analyse(profile, SourceLines.ofProcesses());
  }

  public static Report analyse(RecordedProfile profile, SourceLines sources) {
    FunctionTree tree = new FunctionTree();
    FunctionStats functions = new FunctionStats();
    StackSplitter.walk(profile.tree(), List.of(tree, functions));
    long total = tree.total();
    double spp = profile.secondsPerSample();
    if (total == 0) {
      return empty(profile, spp);
    }

    PathClassifier classifier = new PathClassifier(profile.mode(), sources, functions);
    List<ClassifiedPath> classified = new ArrayList<>();
    Set<ThreadRef> threads = new HashSet<>();
    for (LeafPath path : tree.leafPaths()) {
      classified.add(classifier.classify(path));
      threads.addAll(path.threads().keySet());
    }
    classified.sort(Comparator.comparingLong((ClassifiedPath c) -> c.path().weight()).reversed());

    FindingBuilder builder = new FindingBuilder(profile.mode(), total, spp, sources);
    List<ReportFinding> findings = new ArrayList<>();
    Map<String, ReportFinding> findingByKey = new HashMap<>();
    Map<String, Integer> indexByKey = new HashMap<>();
    for (FindingBuilder.Group group : builder.group(classified)) {
      if (findings.size() == TOP_FINDINGS) {
        break;
      }
      ReportFinding finding = builder.build(group);
      indexByKey.put(group.representative().groupKey(), findings.size());
      findingByKey.put(group.representative().groupKey(), finding);
      findings.add(finding);
    }
    int headline = headline(findings);

    List<ReportPath> paths = classified.stream()
        .limit(TOP_PATHS)
        .map(c -> new ReportPath(c.path().weight(), c.path().weight() / (double) total, c.path().weight() * spp, c.kind(),
            indexByKey.getOrDefault(c.groupKey(), -1),
            c.path().frames().stream().map(f -> ReportFrame.of(f, total, sources)).toList()))
        .toList();

    Report.Functions functionTables = new Report.Functions(
        functionRows(functions.top(e -> e.self, TOP_FUNCTIONS), total, spp),
        functionRows(functions.top(e -> e.total, TOP_FUNCTIONS), total, spp));
    Report.Breakdowns breakdowns = new BreakdownBuilder(profile, total).build(functions, classified, findingByKey);
    List<Report.PatternShare> patterns = PatternSummary.of(classified, total, spp, sources);
    long overflow = profile.tree().overflowWeight();
    int processes = (int) threads.stream().mapToInt(ThreadRef::pid).distinct().count();
    Report.ProfileInfo info = new Report.ProfileInfo(profile.mode().cliName(), profile.rateHz(), spp,
        profile.elapsed().toMillis() / 1000.0, total, overflow, processes, threads.size());
    List<String> diagnosis = Diagnosis.write(profile.mode(), info, findings, headline, breakdowns, patterns);
    List<String> notes = Diagnosis.notes(profile.mode(), info, classified);
    return new Report(Report.SCHEMA_VERSION, info, diagnosis, headline, findings, paths, functionTables, breakdowns,
        patterns, notes);
  }

  /**
   * The heaviest problem, unless it is too small to matter, in which case the heaviest of what
   * remains (threads waiting for others, or idle time, which the headline then says plainly).
   */
  static int headline(List<ReportFinding> findings) {
    for (int i = 0; i < findings.size(); i++) {
      ReportFinding f = findings.get(i);
      if (f.verdict() == Verdict.PROBLEM && f.share() >= HEADLINE_MIN_SHARE) {
        return i;
      }
    }
    return findings.isEmpty() ? -1 : 0;
  }

  private static Report empty(RecordedProfile profile, double spp) {
    Report.ProfileInfo info = new Report.ProfileInfo(profile.mode().cliName(), profile.rateHz(), spp,
        profile.elapsed().toMillis() / 1000.0, 0, profile.tree().overflowWeight(), 0, 0);
    return new Report(Report.SCHEMA_VERSION, info, List.of("No samples were recorded, so there is nothing to analyse."), -1,
        List.of(), List.of(), new Report.Functions(List.of(), List.of()),
        new Report.Breakdowns(List.of(), List.of(), List.of(), List.of(), List.of()), List.of(), List.of());
  }

  private static List<Report.FunctionRow> functionRows(List<FunctionStats.Entry> entries, long total, double spp) {
    return entries.stream()
        .map(e -> new Report.FunctionRow(e.frame.function(), e.frame.module(), e.frame.file(), e.frame.shortFile(), e.line(),
            e.frame.category(), e.self, e.self / (double) total, e.self * spp, e.total, e.total / (double) total, e.total * spp))
        .toList();
  }
}
