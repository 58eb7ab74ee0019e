package dev.pyrometer.agent.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Groups Python processes into programs: a server's master and its workers are one program (a
 * process tree of the same program), two unrelated scripts are two. A child joins its parent's
 * program when it runs the same command line (fork-based workers: uwsgi, gunicorn, fork pools),
 * when both retitled themselves with the same first word (setproctitle: {@code gunicorn: master},
 * {@code gunicorn: worker}), or when it is a multiprocessing spawn/forkserver worker.
 */
public final class ProgramGroups {
  private ProgramGroups() {}

  /** A program: its processes, root of the tree first. */
  public record Program(List<PythonProcessInfo> processes) {
    public List<Integer> pids() {
      return processes.stream().map(PythonProcessInfo::pid).toList();
    }
  }

  /**
   * @param processes candidates, any order
   * @param parentOf a pid's parent pid (0 when unknown)
   */
  public static List<Program> of(List<PythonProcessInfo> processes, IntUnaryOperator parentOf) {
    Map<Integer, PythonProcessInfo> byPid = new LinkedHashMap<>();
    processes.forEach(p -> byPid.put(p.pid(), p));
    Map<Integer, Integer> rootOf = new LinkedHashMap<>();
    for (PythonProcessInfo p : processes) {
      rootOf.put(p.pid(), root(p, byPid, parentOf));
    }
    Map<Integer, List<PythonProcessInfo>> groups = new LinkedHashMap<>();
    for (PythonProcessInfo p : processes) {
      groups.computeIfAbsent(rootOf.get(p.pid()), r -> new ArrayList<>()).add(p);
    }
    List<Program> out = new ArrayList<>();
    for (Map.Entry<Integer, List<PythonProcessInfo>> g : groups.entrySet()) {
      List<PythonProcessInfo> members = new ArrayList<>(g.getValue());
      members.sort((a, b) -> a.pid() == g.getKey() ? -1 : b.pid() == g.getKey() ? 1 : Integer.compare(a.pid(), b.pid()));
      out.add(new Program(List.copyOf(members)));
    }
    return out;
  }

  /** Follows parents while they are candidates running the same program. */
  private static int root(PythonProcessInfo p, Map<Integer, PythonProcessInfo> byPid, IntUnaryOperator parentOf) {
    PythonProcessInfo current = p;
    for (int hops = 0; hops < 64; hops++) {
      PythonProcessInfo parent = byPid.get(parentOf.applyAsInt(current.pid()));
      if (parent == null || !sameProgram(parent, current)) {
        break;
      }
      current = parent;
    }
    return current.pid();
  }

  static boolean sameProgram(PythonProcessInfo parent, PythonProcessInfo child) {
    if (!parent.module().equals(child.module())) {
      return false;
    }
    String a = parent.commandLine();
    String b = child.commandLine();
    if (a.equals(b) || b.contains("multiprocessing.spawn") || b.contains("multiprocessing.forkserver")) {
      return true;
    }
    String first = firstWord(a);
    return !first.isEmpty() && first.equals(firstWord(b)) && !looksLikeInterpreter(first);
  }

  private static String firstWord(String commandLine) {
    String s = commandLine.strip();
    int space = s.indexOf(' ');
    return space < 0 ? s : s.substring(0, space);
  }

  /** {@code /usr/bin/python3 script.py}: the first word names the interpreter, not the program. */
  private static boolean looksLikeInterpreter(String word) {
    String name = word.substring(word.lastIndexOf('/') + 1);
    return name.matches("python[0-9.]*[a-z]*") || name.equals("uv") || name.equals("env");
  }
}
