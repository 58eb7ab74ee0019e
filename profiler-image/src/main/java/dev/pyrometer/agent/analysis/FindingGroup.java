package dev.pyrometer.agent.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The classified paths that form one finding: same kind, same application line, same call. */
final class FindingGroup {
  private final List<ClassifiedPath> paths = new ArrayList<>();
  private long weight;

  void add(ClassifiedPath path) {
    paths.add(path);
    weight += path.path().weight();
  }

  long weight() {
    return weight;
  }

  List<ClassifiedPath> paths() {
    return paths;
  }

  ClassifiedPath representative() {
    ClassifiedPath best = paths.get(0);
    for (ClassifiedPath p : paths) {
      if (p.path().weight() > best.path().weight()) {
        best = p;
      }
    }
    return best;
  }

  Set<ThreadRef> threads() {
    Set<ThreadRef> threads = new HashSet<>();
    for (ClassifiedPath p : paths) {
      threads.addAll(p.path().threads().keySet());
    }
    return threads;
  }

  Map<CpuPattern, Long> patterns() {
    Map<CpuPattern, Long> out = new LinkedHashMap<>();
    for (ClassifiedPath p : paths) {
      if (p.pattern() != null) {
        out.merge(p.pattern(), p.path().weight(), Long::sum);
      }
    }
    return out;
  }

  long patternWeight(CpuPattern pattern) {
    return patterns().getOrDefault(pattern, 0L);
  }
}
