package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guided analysis of one recorded profile: merges stacks per function, classifies every path
 * (why it waited, or what it burned, and at which application line), groups the paths into
 * findings, and picks the headline. Paths are classified one at a time and counted, never kept.
 * {@link #analyse(RecordedProfile)} is the entry point; {@link ReportWriter} turns the result into report.json and report.html.
 */
public final class GuidedAnalysis {
  static final int TOP_FINDINGS = 25;
  static final int TOP_PATHS = 10;
  static final int TOP_FUNCTIONS = 25;
  /** Lines listed per function in report.json and report.html; the rest stay in the function's own share. */
  static final int MAX_LINES_PER_FUNCTION = 10;
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

    // Each path where samples ended is built, classified and counted into the groups, breakdowns,
    // patterns and notes, heaviest first, then dropped: no object per stack outlives its turn.
    PathClassifier classifier = new PathClassifier(profile.mode(), sources, functions);
    Map<String, FindingGroup> groups = new HashMap<>();
    BreakdownBuilder breakdownBuilder = new BreakdownBuilder(profile, total);
    PatternSummary patternSummary = new PatternSummary();
    PathFacts facts = new PathFacts();
    Set<ThreadRef> threads = new HashSet<>();
    for (FunctionTree.Node leaf : tree.leavesByWeight()) {
      LeafPath path = LeafPath.of(leaf);
      ClassifiedPath c = classifier.classify(path);
      path.compact();
      groups.computeIfAbsent(c.groupKey(), k -> new FindingGroup()).add(c);
      breakdownBuilder.add(c);
      patternSummary.add(c);
      facts.add(c);
      threads.addAll(path.threads().keySet());
    }

    FindingBuilder builder = new FindingBuilder(profile.mode(), total, spp, sources);
    List<ReportFinding> findings = new ArrayList<>();
    Map<String, ReportFinding> findingByKey = new HashMap<>();
    Map<String, Integer> indexByKey = new HashMap<>();
    for (FindingGroup group : FindingBuilder.heaviestFirst(groups.values())) {
      if (findings.size() == TOP_FINDINGS) {
        break;
      }
      ReportFinding finding = builder.build(group);
      indexByKey.put(group.representative().groupKey(), findings.size());
      findingByKey.put(group.representative().groupKey(), finding);
      findings.add(finding);
    }
    int headline = headline(findings);

    List<ReportPath> paths = significantPaths(tree, profile.mode() == SampleMode.OFFCPU, classifier, indexByKey, total, spp,
        sources);

    Report.Functions functionTables = new Report.Functions(
        functionRows(functions.top(e -> e.self, TOP_FUNCTIONS), total, spp),
        functionRows(functions.top(e -> e.total, TOP_FUNCTIONS), total, spp));
    Report.Breakdowns breakdowns = breakdownBuilder.build(functions, findingByKey);
    List<Report.PatternShare> patterns = patternSummary.shares(total, spp, sources);
    long overflow = profile.tree().overflowWeight();
    int processes = (int) threads.stream().mapToInt(ThreadRef::pid).distinct().count();
    Report.ProfileInfo info = new Report.ProfileInfo(profile.mode().cliName(), profile.rateHz(), spp,
        profile.elapsed().toMillis() / 1000.0, total, overflow, processes, threads.size());
    List<String> diagnosis = Diagnosis.write(profile.mode(), info, findings, headline, paths, breakdowns, patterns);
    List<String> notes = Diagnosis.notes(profile.mode(), info, facts, profile.processes());
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

  /**
   * The distinct dominant paths, each with the kind and finding of the heaviest leaf path below its
   * end (classified again: there are at most {@link #TOP_PATHS}).
   */
  private static List<ReportPath> significantPaths(FunctionTree tree, boolean toLeaf, PathClassifier classifier,
      Map<String, Integer> indexByKey, long total, double spp, SourceLines sources) {
    List<ReportPath> out = new ArrayList<>();
    for (SignificantPaths.Found found : SignificantPaths.find(tree, TOP_PATHS, toLeaf)) {
      FunctionTree.Node leaf = heaviestLeafUnder(found.end());
      ClassifiedPath below = leaf == null ? null : classifier.classify(LeafPath.of(leaf));
      out.add(new ReportPath(found.weight(), found.weight() / (double) total, found.weight() * spp,
          below == null ? null : below.kind(), below == null ? -1 : indexByKey.getOrDefault(below.groupKey(), -1),
          LeafPath.framesOf(found.nodes()).stream().map(f -> ReportFrame.of(f, total, sources)).toList()));
    }
    return out;
  }

  /** The node at or below this one where the most samples ended (the first found on ties), null when none did. */
  private static FunctionTree.Node heaviestLeafUnder(FunctionTree.Node node) {
    FunctionTree.Node best = null;
    java.util.ArrayDeque<FunctionTree.Node> pending = new java.util.ArrayDeque<>();
    pending.push(node);
    while (!pending.isEmpty()) {
      FunctionTree.Node n = pending.pop();
      if (n.self > 0 && (best == null || n.self > best.self)) {
        best = n;
      }
      n.children().forEach(pending::push);
    }
    return best;
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
            e.frame.category(), e.self, e.self / (double) total, e.self * spp, e.total, e.total / (double) total, e.total * spp,
            lineShares(e.selfLines, total), lineShares(e.totalLines, total)))
        .toList();
  }

  /** A function's lines, heaviest first; the long tail of a big function is cut, its weight left to the function's row. */
  private static List<Report.LineShare> lineShares(LineCounts lines, long total) {
    return lines.byWeight().stream()
        .limit(MAX_LINES_PER_FUNCTION)
        .map(l -> new Report.LineShare(l.getKey(), l.getValue(), l.getValue() / (double) total))
        .toList();
  }
}
