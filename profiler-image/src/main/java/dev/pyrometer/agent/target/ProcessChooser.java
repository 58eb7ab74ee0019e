package dev.pyrometer.agent.target;

import dev.pyrometer.agent.proc.ProcFs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.ToLongFunction;

/**
 * Picks, among several Python processes, the ones that matter for what is measured (as OpenResty
 * XRay picks the busiest worker): for stacks, the program (a master and its workers together) that
 * used the most CPU over a short window; for memory, the process with the largest resident set.
 * The others are named in the choice, so the user knows what was left out and how to ask for it.
 */
public final class ProcessChooser {
  /** Long enough to see a busy worker among idle ones, short next to any session. */
  public static final Duration CPU_WINDOW = Duration.ofMillis(500);
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  /** How the chooser reads the machine; the real one reads /proc. */
  public interface Probe {
    long cpuTicks(int pid);

    long rssBytes(int pid);

    int parentPid(int pid);

    void sleep(Duration d) throws InterruptedException;

    Probe PROC = new Probe() {
      @Override
      public long cpuTicks(int pid) {
        return ProcFs.cpuTicks(pid);
      }

      @Override
      public long rssBytes(int pid) {
        return ProcFs.rssBytes(pid);
      }

      @Override
      public int parentPid(int pid) {
        return ProcFs.statFields(ProcFs.dir(pid).resolve("stat")).map(f -> Integer.parseInt(f[1])).orElse(0);
      }

      @Override
      public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
      }
    };
  }

  /**
   * @param chosen the processes to profile, the most important first
   * @param leftOut the candidates not chosen, most important first
   * @param primary among the chosen, the ones whose headline is the run's: what auto would pick
   * @param note one sentence on the choice (null when nothing was left out)
   */
  public record Choice(List<PythonProcessInfo> chosen, List<PythonProcessInfo> leftOut, List<PythonProcessInfo> primary,
      String note) {}

  private final Probe probe;

  public ProcessChooser(Probe probe) {
    this.probe = probe;
  }

  /** Ranks every candidate and keeps what {@code policy} asks for. */
  public Choice choose(List<PythonProcessInfo> candidates, ProcessPolicy policy, ProcessPolicy.Measure measure) {
    if (candidates.size() <= 1) {
      return new Choice(List.copyOf(candidates), List.of(), List.copyOf(candidates), null);
    }
    Map<Integer, Long> score = measure == ProcessPolicy.Measure.CPU ? cpuTicksOverWindow(candidates) : rss(candidates);
    IntUnaryOperator parents = probe::parentPid;
    List<ProgramGroups.Program> programs = new ArrayList<>(ProgramGroups.of(candidates, parents));
    ToLongFunction<ProgramGroups.Program> programScore = measure == ProcessPolicy.Measure.CPU
        ? p -> p.pids().stream().mapToLong(pid -> score.getOrDefault(pid, 0L)).sum()
        : p -> p.pids().stream().mapToLong(pid -> score.getOrDefault(pid, 0L)).max().orElse(0);
    programs.sort(Comparator.comparingLong(programScore).reversed()
        .thenComparing(p -> -p.processes().size())
        .thenComparingInt(p -> p.pids().get(0)));
    List<PythonProcessInfo> ranked = new ArrayList<>();
    for (ProgramGroups.Program p : programs) {
      List<PythonProcessInfo> members = new ArrayList<>(p.processes());
      members.sort(Comparator.comparingLong((PythonProcessInfo m) -> score.getOrDefault(m.pid(), 0L)).reversed()
          .thenComparingInt(PythonProcessInfo::pid));
      ranked.addAll(members);
    }
    List<PythonProcessInfo> best = measure == ProcessPolicy.Measure.CPU
        ? List.copyOf(ranked.subList(0, programs.get(0).processes().size()))
        : ranked.stream().sorted(Comparator.comparingLong((PythonProcessInfo m) -> score.getOrDefault(m.pid(), 0L)).reversed()
            .thenComparingInt(PythonProcessInfo::pid)).limit(1).toList();
    if (policy == ProcessPolicy.ALL) {
      return new Choice(List.copyOf(ranked), List.of(), best, null);
    }
    List<PythonProcessInfo> leftOut = ranked.stream().filter(p -> !best.contains(p)).toList();
    return new Choice(best, leftOut, best, leftOut.isEmpty() ? null : note(best, leftOut, score, measure));
  }

  private Map<Integer, Long> cpuTicksOverWindow(List<PythonProcessInfo> candidates) {
    Map<Integer, Long> before = new HashMap<>();
    candidates.forEach(p -> before.put(p.pid(), probe.cpuTicks(p.pid())));
    try {
      probe.sleep(CPU_WINDOW);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<Integer, Long> used = new HashMap<>();
    for (PythonProcessInfo p : candidates) {
      long after = probe.cpuTicks(p.pid());
      long start = before.get(p.pid());
      used.put(p.pid(), after < 0 || start < 0 ? 0 : after - start);
    }
    return used;
  }

  private Map<Integer, Long> rss(List<PythonProcessInfo> candidates) {
    Map<Integer, Long> out = new HashMap<>();
    candidates.forEach(p -> out.put(p.pid(), probe.rssBytes(p.pid())));
    return out;
  }

  private static String note(List<PythonProcessInfo> chosen, List<PythonProcessInfo> leftOut, Map<Integer, Long> score,
      ProcessPolicy.Measure measure) {
    String why = measure == ProcessPolicy.Measure.CPU
        ? (chosen.size() > 1 ? "the busiest program by CPU (" + chosen.size() + " processes)" : "the busiest process by CPU")
        : "the largest process by resident memory";
    StringBuilder out = new StringBuilder("profiled " + why + ": ")
        .append(String.join(", ", chosen.stream().map(p -> describe(p, score, measure)).toList()))
        .append("; left out: ")
        .append(String.join(", ", leftOut.stream().limit(5).map(p -> describe(p, score, measure)).toList()));
    if (leftOut.size() > 5) {
      out.append(" and ").append(leftOut.size() - 5).append(" more");
    }
    return out.append(" (processes all: every one)").toString();
  }

  /** The command line with each path cut to its file name, at most 60 characters. */
  static String shortCommand(String commandLine) {
    String s = String.join(" ", java.util.Arrays.stream(commandLine.strip().split("\\s+"))
        .map(w -> w.contains("/") && !w.endsWith("/") ? w.substring(w.lastIndexOf('/') + 1) : w).toList());
    return s.length() > 60 ? s.substring(0, 59) + "…" : s;
  }

  private static String describe(PythonProcessInfo p, Map<Integer, Long> score, ProcessPolicy.Measure measure) {
    String cmd = shortCommand(p.commandLine());
    long s = score.getOrDefault(p.pid(), 0L);
    String value = measure == ProcessPolicy.Measure.CPU
        ? String.format("%.0f%% CPU", 100.0 * s / TICKS_PER_SECOND / (CPU_WINDOW.toMillis() / 1000.0))
        : String.format("%.0f MiB", s / 1048576.0);
    return "pid " + p.pid() + " (" + cmd + ", " + value + ")";
  }
}
