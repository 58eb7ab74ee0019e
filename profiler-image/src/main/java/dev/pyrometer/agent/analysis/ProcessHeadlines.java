package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One headline per profiled process, and the run's headline taken from the processes the user
 * cares about (the busiest program), not from whichever process had the most samples: a load
 * generator's idle client threads must not speak for the service they call.
 */
public final class ProcessHeadlines {
  /** Each extra analysis costs about what the whole one did: a bound for many-worker servers. */
  static final int MAX_ANALYSED = 8;

  private final Finding run;
  private final Map<Integer, Finding> byPid;

  private ProcessHeadlines(Finding run, Map<Integer, Finding> byPid) {
    this.run = run;
    this.byPid = byPid;
  }

  /**
   * @param whole the analysis of every process together
   * @param primary the pids whose headline is the run's
   */
  public static ProcessHeadlines of(RecordedProfile profile, Report whole, Set<Integer> primary) {
    Map<Integer, Long> totals = processTotals(profile.tree());
    Map<Integer, Finding> byPid = new HashMap<>();
    if (totals.size() <= 1) {
      totals.keySet().forEach(pid -> putIfPresent(byPid, pid, whole.headlineForSummary()));
      return new ProcessHeadlines(whole.headlineForSummary(), byPid);
    }
    List<Integer> busiest = new ArrayList<>(totals.keySet());
    busiest.sort(Comparator.comparingLong((Integer pid) -> totals.get(pid)).reversed());
    // one process's copy of the tree at a time: a large profile never needs a second whole copy
    for (int pid : busiest.subList(0, Math.min(MAX_ANALYSED, busiest.size()))) {
      putIfPresent(byPid, pid, GuidedAnalysis.analyse(sub(profile, treeOf(profile.tree(), pid))).headlineForSummary());
    }
    Finding run;
    if (primary.containsAll(totals.keySet())) {
      run = whole.headlineForSummary();
    } else if (primary.size() == 1 && byPid.containsKey(primary.iterator().next())) {
      run = byPid.get(primary.iterator().next());
    } else {
      CallTree primaryTree = new CallTree();
      profile.tree().forEachStack((stack, weight) -> {
        if (primary.contains(pidOf(stack.get(0)))) {
          primaryTree.add(stack, weight);
        }
      });
      run = GuidedAnalysis.analyse(sub(profile, primaryTree)).headlineForSummary();
    }
    return new ProcessHeadlines(run, byPid);
  }

  /** The run's headline, for summary.json and the operator's TOP. */
  public Finding run() {
    return run;
  }

  /** The summaries with each process's own headline. */
  public List<ProcessSummary> apply(List<ProcessSummary> processes) {
    return processes.stream().map(p -> byPid.containsKey(p.pid()) ? p.withFinding(byPid.get(p.pid())) : p).toList();
  }

  private static void putIfPresent(Map<Integer, Finding> byPid, int pid, Finding finding) {
    if (finding != null) {
      byPid.put(pid, finding);
    }
  }

  /** Samples per process, from the tree's process levels (nothing copied). */
  private static Map<Integer, Long> processTotals(CallTree tree) {
    Map<Integer, Long> out = new HashMap<>();
    for (CallTree.Node top : tree.root().children()) {
      FrameKey frame = tree.frames().get(top.frameId());
      if (frame.kind() == FrameKind.PROCESS) {
        out.merge(frame.line(), top.total(), Long::sum);
      }
    }
    return out;
  }

  /** The stacks of one process, as a tree of their own. */
  private static CallTree treeOf(CallTree tree, int pid) {
    CallTree out = new CallTree();
    tree.forEachStack((stack, weight) -> {
      FrameKey root = stack.get(0);
      if (root.kind() == FrameKind.PROCESS && root.line() == pid) {
        out.add(stack, weight);
      }
    });
    return out;
  }

  private static int pidOf(FrameKey root) {
    return root.kind() == FrameKind.PROCESS ? root.line() : -1;
  }

  private static RecordedProfile sub(RecordedProfile profile, CallTree tree) {
    return new RecordedProfile(profile.mode(), profile.rateHz(), profile.elapsed(), tree, profile.processes());
  }
}
