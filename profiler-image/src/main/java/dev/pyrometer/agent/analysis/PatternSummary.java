package dev.pyrometer.agent.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums the recognised CPU patterns over all paths, each with the application frame that causes most of it. */
final class PatternSummary {
  /** Patterns below this share are not listed. */
  static final double MIN_SHARE = 0.01;

  /** In the order the paths were added, heaviest first: equal shares keep that order. */
  private final Map<CpuPattern, Long> weights = new LinkedHashMap<>();
  private final Map<CpuPattern, Map<String, Long>> byLocation = new HashMap<>();
  private final Map<String, PathFrame> locations = new HashMap<>();

  /** Counts one classified path (paths come heaviest first; none is kept). */
  void add(ClassifiedPath p) {
    if (p.pattern() == null) {
      return;
    }
    long w = p.path().weight();
    weights.merge(p.pattern(), w, Long::sum);
    if (p.location() != null) {
      String key = p.location().frame().function() + "@" + p.location().frame().file() + ":" + p.location().line();
      locations.putIfAbsent(key, p.location());
      byLocation.computeIfAbsent(p.pattern(), k -> new HashMap<>()).merge(key, w, Long::sum);
    }
  }

  List<Report.PatternShare> shares(long total, double spp, SourceLines sources) {
    List<Report.PatternShare> out = new ArrayList<>();
    for (Map.Entry<CpuPattern, Long> e : weights.entrySet()) {
      double share = e.getValue() / (double) total;
      if (share < MIN_SHARE) {
        continue;
      }
      String location = byLocation.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
          // heaviest location; on ties the smallest key, so the report does not depend on hash order
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.<String, Long>comparingByKey().reversed()))
          .map(top -> ReportFrame.of(locations.get(top.getKey()), total, sources).location())
          .orElse(null);
      CpuPattern pattern = e.getKey();
      out.add(new Report.PatternShare(pattern.id(), pattern.title(), e.getValue(), share, e.getValue() * spp, location,
          pattern.suggestion()));
    }
    out.sort((a, b) -> Long.compare(b.samples(), a.samples()));
    return out;
  }
}
