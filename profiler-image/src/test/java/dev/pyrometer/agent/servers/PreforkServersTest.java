package dev.pyrometer.agent.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.HttpLoad;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every worker of every pre-fork server, from Debian's packages on /usr/bin/python3.11, under
 * load: the known CPU culprit is in each worker's own profile (its process root in the folded
 * output). uWSGI's workers are the hard case: uWSGI forks without {@code PyOS_AfterFork_Child}, so
 * their thread state keeps the master's thread id (see OsThreadTies).
 */
class PreforkServersTest {
  private static final String PYTHON = "/usr/bin/python3.11";
  private static final int LOAD_SECONDS = 600; // an upper bound: the load is stopped when the test ends

  @TempDir
  Path dir;

  @Test
  void everyWorkerOfUwsgiAndGunicornShowsTheHotFunction() throws Exception {
    String uwsgi = ServerProcess.requireExecutable("/usr/bin/uwsgi", "uwsgi-core");
    ServerProcess.requireFile("/usr/lib/uwsgi/plugins/python3_plugin.so", "uwsgi-plugin-python3");
    ServerProcess.requireExecutable("/usr/bin/gunicorn", "gunicorn");
    ServerProcess.copyResources(dir);
    int hotLine = PythonTarget.lineOf(dir.resolve("shopapp.py"), "# HOT LINE");
    Map<String, String> env = Map.of("PYTHONDONTWRITEBYTECODE", "1");
    Map<String, List<String>> commands = new LinkedHashMap<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String mode : List.of("plain", "lazy-apps", "enable-threads")) {
      int port = ServerProcess.freePort();
      List<String> cmd = new ArrayList<>(List.of(uwsgi, "--plugin", "python3", "--master", "--processes", "2",
          "--http-socket", "127.0.0.1:" + port, "--wsgi-file", "shopapp.py", "--pythonpath", dir.toString(),
          "--die-on-term"));
      if (!mode.equals("plain")) {
        cmd.add("--" + mode);
      }
      commands.put("uwsgi " + mode, cmd);
      ports.put("uwsgi " + mode, port);
    }
    for (String worker : List.of("sync", "gthread")) {
      int port = ServerProcess.freePort();
      // --threads only for gthread: with it gunicorn turns a sync worker into a gthread one
      List<String> cmd = new ArrayList<>(List.of(PYTHON, "/usr/bin/gunicorn", "-k", worker, "-w", "2",
          "-b", "127.0.0.1:" + port, "shopapp"));
      if (worker.equals("gthread")) {
        cmd.addAll(List.of("--threads", "2"));
      }
      commands.put("gunicorn " + worker, cmd);
      ports.put("gunicorn " + worker, port);
    }
    List<ServerProcess> servers = new ArrayList<>();
    List<HttpLoad> loads = new ArrayList<>();
    try {
      commands.forEach((name, cmd) -> servers.add(ServerProcess.start(name, dir, env, cmd.toArray(String[]::new))));
      Map<Integer, String> workers = new LinkedHashMap<>();
      int i = 0;
      for (String name : commands.keySet()) {
        ServerProcess server = servers.get(i++);
        server.awaitHttp(ports.get(name), "/cpu");
        server.awaitChildren(2).forEach(pid -> workers.put(pid, name));
        loads.add(HttpLoad.startSpreadOverWorkers("http://127.0.0.1:" + ports.get(name) + "/cpu", 8, LOAD_SECONDS));
      }

      int uwsgiWorker = workers.keySet().iterator().next();
      AgentRun dump = AgentRun.of("dump", "--pid", Integer.toString(uwsgiWorker)).assertOk();
      assertThat(dump.out()).as("dump of a uWSGI worker names its thread by the worker's own id\n%s", dump)
          .contains("Thread " + uwsgiWorker + " ");

      Path out = dir.resolve("out");
      AgentRun run = AgentRun.of("record", "--pid", workers.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")),
          "--mode", "cpu", "--duration", "4s", "-o", out.toString()).assertOk();
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      String culprit = "price_table (shopapp.py:" + hotLine + ")";
      for (var worker : workers.entrySet()) {
        String root = "process " + worker.getKey() + ":";
        long hot = profile.count(s -> s.frames().get(0).startsWith(root) && s.frames().contains(culprit));
        assertThat(hot).as("%s worker %d: samples in %s\n%s", worker.getValue(), worker.getKey(), culprit, run).isPositive();
      }
      assertThat(run.out()).as("no stack lost to a thread id the worker does not have").doesNotContain("thread-exited")
          .doesNotContain("no-os-thread");
    } finally {
      loads.forEach(HttpLoad::close);
      servers.forEach(ServerProcess::close);
    }
  }

  @Test
  void aGeventWorkerWaitingOnASlowUpstreamIsIdleNeverALock() throws Exception {
    ServerProcess.requireExecutable("/usr/bin/gunicorn", "gunicorn");
    ServerProcess.requireFile("/usr/lib/python3/dist-packages/gevent/hub.py", "python3-gevent");
    ServerProcess.copyResources(dir);
    int upstreamPort = ServerProcess.freePort();
    int port = ServerProcess.freePort();
    Map<String, String> env = Map.of("UPSTREAM_PORT", Integer.toString(upstreamPort), "PYTHONDONTWRITEBYTECODE", "1");
    try (ServerProcess upstream = ServerProcess.start("slow upstream", dir, env, PYTHON, "slow_upstream.py",
            Integer.toString(upstreamPort), "0.3", Integer.toString(LOAD_SECONDS));
        ServerProcess gunicorn = ServerProcess.start("gunicorn -k gevent", dir, env, PYTHON, "/usr/bin/gunicorn", "-k", "gevent",
            "-w", "1", "-b", "127.0.0.1:" + port, "shopapp")) {
      upstream.awaitLine("READY");
      gunicorn.awaitHttp(port, "/slow");
      int worker = gunicorn.awaitChildren(1).get(0);
      try (HttpLoad load = HttpLoad.start("http://127.0.0.1:" + port + "/slow", 20, LOAD_SECONDS)) {
        for (String mode : List.of("offcpu", "wall")) {
          Path out = dir.resolve("out-" + mode);
          AgentRun run = AgentRun.of("record", "--pid", Integer.toString(worker), "--mode", mode, "--duration", "3s",
              "-o", out.toString()).assertOk();
          var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("report.json").toFile());
          List<String> findings = new ArrayList<>();
          report.get("findings").forEach(f -> findings.add(f.path("rule").asText("") + " / " + f.get("kind").asText() + ": " + f.get("title").asText()));
          assertThat(findings).as("%s: gevent's own waiting is never a lock to fix: %s\n%s", mode, findings, run)
              .noneMatch(f -> f.contains("/ blocking.lock"));
          assertThat(report.get("findings").get(0).get("verdict").asText()).as("%s headline: %s", mode, findings).isEqualTo("IDLE");
          assertThat(report.get("notes").toString()).as(mode)
              .contains("greenlets that wait (on a socket, a timer, a lock) are not visible")
              .contains(mode.equals("offcpu") ? "The hub waited in epoll_wait" : "The hub waited in");
        }
      }
    }
  }

  @Test
  void celeryPreforkChildrenAndMultiprocessingChildrenOfEveryStartMethod() throws Exception {
    ServerProcess.requireFile("/usr/lib/python3/dist-packages/celery/__main__.py", "python3-celery");
    ServerProcess.copyResources(dir);
    Path queue = dir.resolve("queue");
    java.nio.file.Files.createDirectories(queue);
    Map<String, String> env = Map.of("QUEUE_DIR", queue.toString(), "PYTHONDONTWRITEBYTECODE", "1");
    List<ServerProcess> started = new ArrayList<>();
    try {
      ServerProcess celery = ServerProcess.start("celery worker", dir, env, PYTHON, "-m", "celery", "-A", "celery_shop",
          "worker", "--pool", "prefork", "-c", "2", "--loglevel", "warning", "--without-mingle", "--without-gossip");
      started.add(celery);
      ServerProcess feeder = ServerProcess.start("celery feeder", dir, env, PYTHON, "celery_shop.py", "feed", Integer.toString(LOAD_SECONDS));
      started.add(feeder);
      Map<String, ServerProcess> mp = new LinkedHashMap<>();
      for (String method : List.of("fork", "forkserver", "spawn")) {
        ServerProcess p = ServerProcess.start("multiprocessing " + method, dir, env, PYTHON, "mp_children.py", method,
            Integer.toString(LOAD_SECONDS));
        started.add(p);
        mp.put(method, p);
      }
      Map<Integer, String> children = new LinkedHashMap<>();
      celery.awaitChildren(2).forEach(pid -> children.put(pid, "celery prefork child"));
      feeder.awaitLine("READY");
      for (var e : mp.entrySet()) {
        String line = e.getValue().awaitLine("CHILDREN ");
        Arrays.stream(line.substring(9).trim().split(" ")).map(Integer::parseInt)
            .forEach(pid -> children.put(pid, "multiprocessing " + e.getKey() + " child"));
      }
      // the celery children are busy once the queue is drained into them
      celery.awaitCondition("CPU time in both prefork children", () -> children.entrySet().stream()
          .filter(c -> c.getValue().startsWith("celery"))
          .allMatch(c -> dev.pyrometer.agent.proc.ProcFs.cpuTicks(c.getKey()) > 10));

      Path out = dir.resolve("out");
      AgentRun run = AgentRun.of("record", "--pid", children.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")),
          "--mode", "cpu", "--duration", "4s", "-o", out.toString()).assertOk();
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      for (var child : children.entrySet()) {
        String file = child.getValue().startsWith("celery") ? "celery_shop.py" : "mp_children.py";
        String culprit = "crunch (" + file + ":" + PythonTarget.lineOf(dir.resolve(file), "# HOT LINE") + ")";
        String root = "process " + child.getKey() + ":";
        long hot = profile.count(s -> s.frames().get(0).startsWith(root) && s.frames().contains(culprit));
        assertThat(hot).as("%s %d: samples in %s\n%s", child.getValue(), child.getKey(), culprit, run).isPositive();
      }
    } finally {
      started.forEach(ServerProcess::close);
    }
  }
}
