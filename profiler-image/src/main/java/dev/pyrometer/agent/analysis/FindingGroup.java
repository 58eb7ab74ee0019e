package dev.pyrometer.agent.analysis;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The classified paths that form one finding: same kind, same application line, same call. Paths
 * are added heaviest first and not kept: the group keeps its heaviest path (which stands for it),
 * its weight, its threads and its pattern weights, so a profile with a path per stack needs no
 * object per stack once its paths are classified.
 */
final class FindingGroup {
  private ClassifiedPath representative;
  private long weight;
  private final Set<ThreadRef> threads = new HashSet<>();
  /** In the order the paths were added, heaviest first: ties in the notes keep that order. */
  private final Map<CpuPattern, Long> patterns = new LinkedHashMap<>();

  void add(ClassifiedPath path) {
    if (representative == null || path.path().weight() > representative.path().weight()) {
      representative = path;
    }
    weight += path.path().weight();
    threads.addAll(path.path().threads().keySet());
    if (path.pattern() != null) {
      patterns.merge(path.pattern(), path.path().weight(), Long::sum);
    }
  }

  long weight() {
    return weight;
  }

  ClassifiedPath representative() {
    return representative;
  }

  Set<ThreadRef> threads() {
    return threads;
  }

  Map<CpuPattern, Long> patterns() {
    return patterns;
  }

  long patternWeight(CpuPattern pattern) {
    return patterns.getOrDefault(pattern, 0L);
  }
}
