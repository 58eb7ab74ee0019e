package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.tasks.AsyncTask;
import dev.pyrometer.agent.python.tasks.TaskCensus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints each event loop's tasks as a tree, awaiting task above the tasks it awaits (like {@code
 * python -m asyncio pstree}): each task with its coroutine chain, outermost first, and what the
 * innermost frame awaits.
 */
final class TaskTreePrinter {
  private TaskTreePrinter() {}

  static void print(PrintWriter out, TaskCensus census, Map<Long, Integer> threadIdByThreadState) {
    Map<Long, List<AsyncTask>> byLoop = new LinkedHashMap<>();
    for (AsyncTask t : census.tasks()) {
      byLoop.computeIfAbsent(t.loop(), k -> new ArrayList<>()).add(t);
    }
    Map<Long, Long> threadOfLoop = new HashMap<>();
    census.runningLoops().forEach((tstate, loop) -> threadOfLoop.put(loop, tstate));
    for (Long loop : threadOfLoop.keySet()) {
      byLoop.putIfAbsent(loop, new ArrayList<>());
    }
    for (Map.Entry<Long, List<AsyncTask>> e : byLoop.entrySet()) {
      Long tstate = threadOfLoop.get(e.getKey());
      Integer tid = tstate == null ? null : threadIdByThreadState.get(tstate);
      out.printf("Event loop 0x%x%s: %d pending task%s%n", e.getKey(),
          tid != null ? " (thread " + tid + ")" : tstate != null ? " (running)" : " (not running)",
          e.getValue().size(), e.getValue().size() == 1 ? "" : "s");
      if (e.getValue().isEmpty()) {
        out.println("    idle: no pending tasks");
      }
      Map<Long, AsyncTask> byAddress = new LinkedHashMap<>();
      e.getValue().forEach(t -> byAddress.put(t.address(), t));
      Map<Long, List<AsyncTask>> children = new HashMap<>();
      List<AsyncTask> roots = new ArrayList<>();
      for (AsyncTask t : e.getValue()) {
        List<Long> parents = t.awaitedBy().stream().filter(byAddress::containsKey).toList();
        if (parents.isEmpty()) {
          roots.add(t);
        }
        for (long p : parents) {
          children.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
        }
      }
      Set<Long> printed = new HashSet<>();
      for (AsyncTask root : roots) {
        printTask(out, root, children, "    ", printed);
      }
      for (AsyncTask t : e.getValue()) {
        if (!printed.contains(t.address())) { // only in await cycles
          out.println("    (await cycle)");
          printTask(out, t, children, "    ", printed);
        }
      }
      out.println();
    }
    if (census.truncated() > 0 || census.dropped() > 0) {
      out.printf("(%d tasks not read: more than the census bound; %d changed while read)%n%n", census.truncated(),
          census.dropped());
    }
  }

  private static void printTask(PrintWriter out, AsyncTask t, Map<Long, List<AsyncTask>> children, String indent,
      Set<Long> printed) {
    if (!printed.add(t.address())) {
      out.printf("%sTask %s (see above)%n", indent, t.name());
      return;
    }
    out.printf("%sTask %s [0x%x]: %s%n", indent, t.name(), t.address(),
        t.running() ? "running" : "awaits " + t.awaited().describe());
    for (PyFrame f : t.frames()) {
      out.printf("%s    %s (%s:%d)%n", indent, f.code().name(), f.code().fileName(), f.line());
    }
    for (AsyncTask c : children.getOrDefault(t.address(), List.of())) {
      printTask(out, c, children, indent + "    ", printed);
    }
  }
}
