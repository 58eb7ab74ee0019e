package dev.pyrometer.agent.target;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.contract.ProcessSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns {@code --pid} / {@code --match} / nothing into attached processes. Explicit pids must all
 * attach; with a pattern (or none) the processes that cannot be read are reported and skipped, and
 * it is an error only when none can.
 */
public final class TargetSelector {
  /**
   * The processes to sample, and those that matched but could not be attached.
   *
   * @param primary the pids whose headline is the run's (the process the user cares about)
   * @param note how the processes were chosen among others, or null
   */
  public record Selection(List<AttachedProcess> attached, List<ProcessSummary> failed, java.util.Set<Integer> primary,
      String note) {
    public Selection(List<AttachedProcess> attached, List<ProcessSummary> failed) {
      this(attached, failed, attached.stream().map(AttachedProcess::pid).collect(java.util.stream.Collectors.toSet()), null);
    }
  }

  private TargetSelector() {}

  public static Selection byPids(List<Integer> pids) {
    List<AttachedProcess> attached = new ArrayList<>();
    try {
      for (int pid : pids) {
        attached.add(AttachedProcess.attach(pid));
      }
    } catch (RuntimeException e) {
      attached.forEach(AttachedProcess::close);
      throw e;
    }
    return new Selection(attached, List.of());
  }

  /** Every visible Python process whose command line matches (all when {@code pattern} is null). */
  public static Selection byMatch(Pattern pattern) {
    return byMatch(pattern, ProcessPolicy.ALL, ProcessPolicy.Measure.CPU);
  }

  /**
   * The visible Python processes whose command line matches (all when {@code pattern} is null),
   * and of those what {@code policy} keeps: all, or the ones that matter for {@code measure}.
   */
  public static Selection byMatch(Pattern pattern, ProcessPolicy policy, ProcessPolicy.Measure measure) {
    List<PythonProcessInfo> matching = ProcessDiscovery.pythonProcesses().stream()
        .filter(p -> pattern == null || pattern.matcher(p.commandLine()).find())
        .toList();
    ProcessChooser.Choice choice = new ProcessChooser(ProcessChooser.Probe.PROC).choose(matching, policy, measure);
    List<PythonProcessInfo> candidates = choice.chosen();
    if (candidates.isEmpty()) {
      throw AgentException.processNotFound(pattern == null
          ? "no Python process is visible (in a container, share the target's PID namespace)"
          : "no Python process has a command line matching '" + pattern + "'");
    }
    List<AttachedProcess> attached = new ArrayList<>();
    List<ProcessSummary> failed = new ArrayList<>();
    AgentException first = null;
    for (PythonProcessInfo p : candidates) {
      try {
        attached.add(AttachedProcess.attach(p.pid()));
      } catch (AgentException e) {
        first = first == null ? e : first;
        failed.add(new ProcessSummary(p.pid(), p.commandLine(), null, 0, 0, null, null, 0, e.getMessage()));
      }
    }
    if (attached.isEmpty()) {
      throw first;
    }
    java.util.Set<Integer> primary = choice.primary().stream().map(PythonProcessInfo::pid)
        .filter(pid -> attached.stream().anyMatch(a -> a.pid() == pid))
        .collect(java.util.stream.Collectors.toSet());
    if (primary.isEmpty()) {
      primary = attached.stream().map(AttachedProcess::pid).collect(java.util.stream.Collectors.toSet());
    }
    return new Selection(attached, failed, primary, choice.note());
  }
}
