package dev.pyrometer.agent.python.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every task of a script with known waits is found from outside, on every interpreter: its
 * coroutine chain equals what asyncio itself reports inside ({@code cr_await}, function and line
 * of each frame), what it awaits is named right, and so is the task that awaits it.
 */
class AsyncioTasksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void everyTaskItsChainItsWaitAndItsParent(Interpreter python, @TempDir Path dir) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "asyncio_known_tasks.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid());
        AsyncioAccess access = new AsyncioAccess(target.pid(), process.runtime())) {
      Map<String, List<String>> truth = new HashMap<>();
      for (String line : target.output()) {
        if (line.startsWith("{")) {
          JsonNode task = JSON.readTree(line);
          List<String> chain = new ArrayList<>();
          task.get("chain").forEach(f -> chain.add(f.get(0).asText() + ":" + f.get(1).asInt()));
          truth.put(task.get("name").asText(), chain);
        }
      }
      assertThat(truth).as("ground truth printed by the script").containsKeys("sleeper", "network", "locked", "consumer");

      TaskCensus census = censusWithAll(access, truth.keySet());
      Map<String, AsyncTask> byName = new HashMap<>();
      census.tasks().forEach(t -> byName.put(t.name(), t));
      assertThat(byName.keySet()).as(python + ": tasks found").containsAll(truth.keySet());
      assertThat(census.dropped()).as("tasks dropped as torn").isZero();

      for (Map.Entry<String, List<String>> e : truth.entrySet()) {
        assertThat(chainOf(byName.get(e.getKey()))).as(python + ": chain of " + e.getKey()).isEqualTo(e.getValue());
      }
      Map<String, AwaitKind> kinds = new HashMap<>(Map.of(
          "sleeper", AwaitKind.SLEEP, "network", AwaitKind.NETWORK, "locked", AwaitKind.LOCK,
          "consumer", AwaitKind.QUEUE, "gatherer", AwaitKind.GATHER, "waiter", AwaitKind.TASK,
          "awaited", AwaitKind.SLEEP, "gather-child-1", AwaitKind.SLEEP));
      Map<String, String> parents = new HashMap<>(Map.of(
          "awaited", "waiter", "gather-child-1", "gatherer", "gather-child-2", "gatherer"));
      if (python.minor() <= 13) {
        kinds.put("pure-python", AwaitKind.SLEEP); // 3.14+ keeps non-native tasks where no tool can see them
      }
      if (python.minor() >= 11) {
        kinds.put("group", AwaitKind.TASK_GROUP);
        kinds.put("group-child-a", AwaitKind.SLEEP);
        parents.put("group-child-a", "group");
        parents.put("group-child-b", "group");
      }
      if (python.minor() >= 12) {
        kinds.put("eager", AwaitKind.SLEEP);
      }
      kinds.forEach((name, kind) -> {
        assertThat(byName).as(python + ": task " + name).containsKey(name);
        assertThat(byName.get(name).awaited().kind()).as(python + ": what " + name + " awaits").isEqualTo(kind);
      });
      assertThat(byName.get("network").awaited().detail()).as("the network wait's call").endsWith("readline");
      parents.forEach((child, parent) -> assertThat(byName.get(child).awaitedBy())
          .as(python + ": task awaiting " + child).containsExactly(byName.get(parent).address()));
      assertThat(byName.get("sleeper").awaitedBy()).as("nobody awaits sleeper").isEmpty();

      // the main task, on the line the script marks, and its loop is the one the main thread runs
      AsyncTask main = census.tasks().stream().filter(t -> !t.frames().isEmpty() && t.frames().get(0).code().name().equals("main"))
          .findFirst().orElseThrow();
      assertThat(main.frames().get(0).line()).as("main's line").isEqualTo(target.lineOf("# L:main"));
      assertThat(census.runningLoops().values()).as(python + ": running loops").containsExactly(main.loop());
      assertThat(byName.get("network").frames().get(1).line()).isEqualTo(target.lineOf("# L:readline"));
    }
  }

  /** One interpreter per minor version: each frame model and task layout once. */
  static Stream<Interpreter> onePerVersion() {
    Map<Integer, Interpreter> first = new java.util.TreeMap<>();
    TestPythons.requireAll().forEach(p -> first.putIfAbsent(p.minor(), p));
    return first.values().stream();
  }

  /**
   * The census keeps each task's decoded chain between censuses: a task that moved on (from a
   * sleep to a Queue) and new tasks at the addresses of finished ones must show their chains as
   * they are now, never the remembered ones. Ground truth: the script's own cr_await chains, printed
   * after each change.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("onePerVersion")
  void cachedChainsFollowTasksThatChange(Interpreter python, @TempDir Path dir) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "asyncio_changing_tasks.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid());
        AsyncioAccess access = new AsyncioAccess(target.pid(), process.runtime())) {
      Map<String, List<String>> before = truth(target.output(), "READY");
      assertThat(before).as("ground truth printed by the script").containsKeys("mover", "done-0");
      TaskCensus first = censusWithAll(access, before.keySet());
      assertChains(python + " before", first, before);
      long reused = access.chainsReused();
      TaskCensus again = access.census();
      assertChains(python + " before, again", again, before);
      assertThat(access.chainsReused() - reused).as("chains taken from the previous census").isGreaterThanOrEqualTo(before.size());

      target.process().getOutputStream().write("step\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      target.process().getOutputStream().flush();
      List<String> output = awaitLine(target, "STEPPED");
      Map<String, List<String>> after = truth(output, "STEPPED");
      assertThat(after).as("after the step").containsKeys("mover", "new-0").doesNotContainKey("done-0");
      JsonNode reuse = JSON.readTree(output.get(output.indexOf("STEPPED") - 1));
      if (python.minor() <= 13) { // 3.14+ allocate with mimalloc, which did not hand the same blocks back here
        assertThat(reuse.get("reused").asInt()).as("new tasks at addresses of finished ones (the case under test)").isPositive();
      }
      assertThat(after.get("mover")).as("mover now awaits the Queue").isNotEqualTo(before.get("mover"));

      TaskCensus changed = censusWithAll(access, after.keySet());
      assertChains(python + " after", changed, after);
      assertChains(python + " after, again", access.census(), after);
    }
  }

  /** Every pending task's name → its chain (function:line), from the JSON lines before {@code marker}. */
  private static Map<String, List<String>> truth(List<String> output, String marker) throws Exception {
    int end = output.indexOf(marker);
    int start = end;
    while (start > 0 && !output.get(start - 1).equals("READY") && output.get(start - 1).startsWith("{")) {
      start--;
    }
    Map<String, List<String>> out = new HashMap<>();
    for (String line : output.subList(start, end)) {
      JsonNode task = JSON.readTree(line);
      if (task.has("chain")) {
        List<String> chain = new ArrayList<>();
        task.get("chain").forEach(f -> chain.add(f.get(0).asText() + ":" + f.get(1).asInt()));
        out.put(task.get("name").asText(), chain);
      }
    }
    return out;
  }

  private static void assertChains(String what, TaskCensus census, Map<String, List<String>> truth) {
    Map<String, List<String>> found = new HashMap<>();
    census.tasks().forEach(t -> found.put(t.name(), chainOf(t)));
    assertThat(census.dropped()).as(what + ": tasks dropped as torn").isZero();
    truth.forEach((name, chain) -> assertThat(found.get(name)).as(what + ": chain of " + name).isEqualTo(chain));
    assertThat(found.keySet()).as(what + ": no task that has finished").allMatch(n -> truth.containsKey(n) || !n.startsWith("done-"));
  }

  private static List<String> awaitLine(PythonTarget target, String line) throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      List<String> output = target.output();
      if (output.contains(line)) {
        return output;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the script never printed " + line + ": " + target.output());
  }

  /** The census, retried while tasks are still missing (3.14+ finds the section once asyncio is imported). */
  private static TaskCensus censusWithAll(AsyncioAccess access, java.util.Set<String> names) throws InterruptedException {
    TaskCensus census = TaskCensus.EMPTY;
    for (int attempt = 0; attempt < 30; attempt++) {
      census = access.census();
      if (census.tasks().stream().map(AsyncTask::name).toList().containsAll(names)) {
        return census;
      }
      Thread.sleep(500);
    }
    return census;
  }

  private static List<String> chainOf(AsyncTask task) {
    List<String> out = new ArrayList<>();
    for (PyFrame f : task.frames()) {
      String name = f.code().name();
      out.add(name.substring(name.lastIndexOf('.') + 1) + ":" + f.line());
    }
    return out;
  }
}
