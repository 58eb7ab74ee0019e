package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.ThreadRoles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the report's thread table: the threads of one role ({@link ThreadRoles}), or the
 * threads each too small to show, so that a thread-per-request server is a few rows, not 76.
 *
 * @param label what the row says: the thread's name, or the role and how many threads
 * @param heaviest the member with the most samples, whose "mostly" the row shows
 */
record ThreadGroup(String label, int threads, long samples, double share, double seconds, Report.ThreadRow heaviest,
    boolean isOther) {
  /** Groups lighter than this share of their process are folded into one "other threads" row. */
  static final double SMALL_SHARE = 0.01;

  static List<ThreadGroup> of(Report.ProcessRow process) {
    Map<String, List<Report.ThreadRow>> byRole = new LinkedHashMap<>();
    for (Report.ThreadRow t : process.threads()) {
      byRole.computeIfAbsent(ThreadRoles.roleOfLabel(t.tid(), t.name()), r -> new ArrayList<>()).add(t);
    }
    List<ThreadGroup> groups = new ArrayList<>();
    for (Map.Entry<String, List<Report.ThreadRow>> e : byRole.entrySet()) {
      List<Report.ThreadRow> members = e.getValue();
      Report.ThreadRow only = members.get(0);
      String label = members.size() > 1 ? ThreadRoles.groupLabel(e.getKey(), members.size())
          : only.name().isEmpty() ? "thread " + only.tid() : only.name();
      groups.add(sum(label, members, false));
    }
    List<ThreadGroup> light = groups.stream().filter(g -> g.samples() < SMALL_SHARE * process.samples()).toList();
    if (light.size() > 1) {
      groups.removeAll(light);
      List<Report.ThreadRow> members = new ArrayList<>();
      int threads = 0;
      for (ThreadGroup g : light) {
        members.add(g.heaviest());
        threads += g.threads();
      }
      ThreadGroup other = sum("", members, true);
      groups.add(new ThreadGroup(ThreadRoles.groupLabel(ThreadRoles.OTHER, threads), threads,
          light.stream().mapToLong(ThreadGroup::samples).sum(), light.stream().mapToDouble(ThreadGroup::share).sum(),
          light.stream().mapToDouble(ThreadGroup::seconds).sum(), other.heaviest(), true));
    }
    groups.sort(Comparator.comparing(ThreadGroup::isOther).thenComparing(Comparator.comparingLong(ThreadGroup::samples).reversed()));
    return groups;
  }

  private static ThreadGroup sum(String label, List<Report.ThreadRow> members, boolean other) {
    long samples = 0;
    double share = 0;
    double seconds = 0;
    Report.ThreadRow heaviest = members.get(0);
    for (Report.ThreadRow t : members) {
      samples += t.samples();
      share += t.share();
      seconds += t.seconds();
      if (t.samples() > heaviest.samples()) {
        heaviest = t;
      }
    }
    return new ThreadGroup(label, members.size(), samples, share, seconds, heaviest, other);
  }
}
