package dev.pyrometer.agent.profile;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Finds the most frequent complete stack in a call tree, for summaries and the printer column. */
public final class TopStacks {
  /** A stack (root first, labels) and the weight that ended exactly in it. */
  public record Top(List<String> labels, long weight) {
    static final Top NONE = new Top(List.of(), 0);
  }

  private TopStacks() {}

  /** The top stack of one process, threads merged, without the process root. */
  public static Top ofProcess(CallTree tree, int pid) {
    CallTree merged = tree.without(EnumSet.of(FrameKind.THREAD));
    Top[] best = {Top.NONE};
    merged.forEachStack((path, weight) -> {
      if (weight > best[0].weight() && !path.isEmpty() && path.get(0).kind() == FrameKind.PROCESS
          && path.get(0).line() == pid && path.size() > 1) {
        List<String> labels = new ArrayList<>(path.size() - 1);
        for (int i = 1; i < path.size(); i++) {
          labels.add(path.get(i).label());
        }
        best[0] = new Top(labels, weight);
      }
    });
    return best[0];
  }
}
