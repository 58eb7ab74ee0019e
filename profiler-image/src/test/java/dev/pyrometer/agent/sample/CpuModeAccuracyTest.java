package dev.pyrometer.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.CpuAccount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cpu mode on a machine whose cores are all busy: a thread's share of the profile is its share of
 * the CPU time its threads really used (each measured inside the thread with
 * {@code time.thread_time()}, over the same window), a thread that sleeps gets almost nothing, and
 * the profile's seconds are the CPU seconds. Counting "runnable at the sample instant" fails this:
 * a thread that waits for a core is runnable all the time.
 */
class CpuModeAccuracyTest {
  /** One sample stands for 1 ms of CPU: fine enough that 1 % of a loaded machine's few CPU seconds is many samples. */
  private static final int RATE_HZ = 1000;

  @TempDir
  Path dir;

  /** Per thread name: [native id, CPU seconds] from one CPU line of cpu_share.py. */
  record CpuLine(double at, Map<String, double[]> threads) {
    static CpuLine parse(String line) {
      String[] f = line.split(" ");
      Map<String, double[]> threads = new HashMap<>();
      for (int i = 2; i < f.length; i++) {
        String[] p = f[i].split(":");
        threads.put(p[0], new double[] {Integer.parseInt(p[1]), Double.parseDouble(p[2])});
      }
      return new CpuLine(Double.parseDouble(f[1]), threads);
    }
  }

  private static CpuLine lastCpuLine(PythonTarget target) {
    List<String> lines = target.output();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("CPU ")) {
        return CpuLine.parse(lines.get(i));
      }
    }
    throw new AssertionError("no CPU line yet: " + lines);
  }

  private static List<CpuLine> cpuLines(PythonTarget target) {
    return target.output().stream().filter(l -> l.startsWith("CPU ")).map(CpuLine::parse).toList();
  }

  /**
   * CPU seconds a kind of thread used between two instants of the recording itself (CLOCK_MONOTONIC
   * seconds: Python's {@code time.monotonic()} and Java's {@code System.nanoTime()} on Linux), by
   * linear interpolation between the target's CPU lines, 50 ms apart. The lines around a recording
   * bracket it by up to a few tenths of a second on a loaded machine: too loose a truth for a 5 s one.
   */
  private static double cpuSecondsBetween(List<CpuLine> lines, String threads, double from, double to) {
    return cpuSecondsAt(lines, threads, to) - cpuSecondsAt(lines, threads, from);
  }

  private static double cpuSecondsAt(List<CpuLine> lines, String threads, double at) {
    for (int i = 1; i < lines.size(); i++) {
      CpuLine a = lines.get(i - 1);
      CpuLine b = lines.get(i);
      if (a.at() <= at && at <= b.at()) {
        double ca = a.threads().get(threads)[1];
        double cb = b.threads().get(threads)[1];
        return ca + (cb - ca) * (at - a.at()) / (b.at() - a.at());
      }
    }
    throw new AssertionError("no CPU lines around " + at + ": " + lines.get(0).at() + " to " + lines.get(lines.size() - 1).at());
  }

  private static double monotonicSeconds(long nanoTime) {
    return nanoTime / 1e9;
  }

  /**
   * Waits for a CPU line printed after {@code at} (CLOCK_MONOTONIC seconds), so that the lines
   * bracket it: the next line after the last one read can still be older (the target prints every
   * 50 ms, and its output is read a little later).
   */
  private static CpuLine cpuLineAfter(PythonTarget target, double at) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      CpuLine l = lastCpuLine(target);
      if (l.at() > at) {
        return l;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no CPU line after " + at + ": the target stopped printing");
  }

  private static List<Process> saturateEveryCore(String python) throws IOException {
    List<Process> spinners = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      spinners.add(new ProcessBuilder(python, "-c",
          "import time\nend = time.monotonic() + 300\nwhile time.monotonic() < end: pass")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    return spinners;
  }

  @Test
  void aThreadsShareOfTheCpuProfileIsItsShareOfCpuTimeOnABusyMachine() throws Exception {
    var python = TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC);
    List<Process> spinners = saturateEveryCore(python.executable().toString());
    try (PythonTarget target = PythonTarget.start(python, "cpu_share.py", dir);
        AttachedProcess attached = AttachedProcess.attach(target.pid())) {
      cpuLineAfter(target, lastCpuLine(target).at());
      double from = monotonicSeconds(System.nanoTime());
      Recorder.Result result = new Recorder(List.of(attached), new Recorder.Options(SampleMode.CPU, RATE_HZ, Duration.ofSeconds(5))).record();
      double to = from + result.profile().elapsed().toNanos() / 1e9;
      CpuLine after = cpuLineAfter(target, to);
      List<CpuLine> lines = cpuLines(target);

      RecordedProfile profile = result.profile();
      Map<Integer, Long> weightByTid = new HashMap<>();
      long[] total = {0};
      profile.tree().forEachStack((path, weight) -> {
        FrameKey thread = path.stream().filter(f -> f.kind() == FrameKind.THREAD).findFirst().orElseThrow();
        weightByTid.merge(thread.line(), weight, Long::sum);
        total[0] += weight;
      });
      double cpuSeconds = 0;
      Map<String, Double> used = new HashMap<>();
      for (String name : List.of("main", "hog", "duty", "sleeper")) {
        double s = cpuSecondsBetween(lines, name, from, to);
        used.put(name, s);
        cpuSeconds += s;
      }
      String context = "measured CPU seconds " + used + ", profile weights by tid " + weightByTid + " of " + total[0]
          + ", tids " + describe(after);
      assertThat(cpuSeconds).as("the target ran at all: %s", context).isGreaterThan(0.2);
      for (String name : List.of("hog", "duty")) {
        int tid = (int) after.threads().get(name)[0];
        double truth = 100 * used.get(name) / cpuSeconds;
        double share = 100.0 * weightByTid.getOrDefault(tid, 0L) / total[0];
        assertThat(share).as("%s's share of the cpu profile vs of the CPU time; %s", name, context).isCloseTo(truth, within(5.0));
      }
      int sleeper = (int) after.threads().get("sleeper")[0];
      assertThat(100.0 * weightByTid.getOrDefault(sleeper, 0L) / total[0]).as("a time.sleep loop; %s", context).isLessThan(1.0);
      double profileSeconds = total[0] * profile.secondsPerSample();
      assertThat(profileSeconds).as("profile seconds vs CPU seconds; %s", context).isCloseTo(cpuSeconds, within(0.15 * cpuSeconds + 0.05));
    } finally {
      spinners.forEach(Process::destroyForcibly);
    }
  }

  /**
   * The summary's CPU account: the whole process's CPU seconds (every thread's, as the kernel
   * counts them) beside the profile's. A native thread (an extension's, running no Python) spins
   * next to a Python one: the profile holds the Python threads' time, the account the process's,
   * and the difference is the native thread's; each is measured inside the target by its own CPU
   * clock, over the recording's own window.
   */
  @Test
  void theSummarySaysHowMuchOfTheProcesssCpuTimeTheProfileHolds() throws Exception {
    var python = TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC);
    Path library = compile("native_spin.c");
    try (PythonTarget target = PythonTarget.start(python, "native_thread.py", dir, library.toString());
        AttachedProcess attached = AttachedProcess.attach(target.pid())) {
      cpuLineAfter(target, lastCpuLine(target).at());
      double from = monotonicSeconds(System.nanoTime());
      Recorder.Result result = new Recorder(List.of(attached), new Recorder.Options(SampleMode.CPU, RATE_HZ, Duration.ofSeconds(3))).record();
      double to = from + result.profile().elapsed().toNanos() / 1e9;
      cpuLineAfter(target, to);
      List<CpuLine> lines = cpuLines(target);

      RecordedProfile profile = result.profile();
      CpuAccount account = profile.processes().get(0).cpu();
      double process = cpuSecondsBetween(lines, "process", from, to);
      double pythonThreads = cpuSecondsBetween(lines, "hog", from, to) + cpuSecondsBetween(lines, "main", from, to);
      double nativeThread = cpuSecondsBetween(lines, "native", from, to);
      String context = String.format("account %s; measured: process %.3f s, Python threads %.3f s, native thread %.3f s",
          account, process, pythonThreads, nativeThread);
      assertThat(account).as("cpu mode has an account").isNotNull();
      assertThat(account.profiledSeconds()).as("the profile's own seconds; %s", context)
          .isCloseTo(profile.tree().total() * profile.secondsPerSample(), within(0.001));
      assertThat(account.processSeconds()).as("the process's CPU seconds; %s", context).isCloseTo(process, within(0.1 * process + 0.05));
      assertThat(account.profiledSeconds()).as("the Python threads' CPU seconds; %s", context)
          .isCloseTo(pythonThreads, within(0.1 * pythonThreads + 0.05));
      assertThat(account.processSeconds() - account.profiledSeconds()).as("what the profile lacks: the native thread's; %s", context)
          .isCloseTo(nativeThread, within(0.15 * nativeThread + 0.05));
    }
  }

  @Test
  void otherModesHaveNoCpuAccount() throws Exception {
    var python = TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC);
    try (PythonTarget target = PythonTarget.start(python, "cpu_share.py", dir);
        AttachedProcess attached = AttachedProcess.attach(target.pid())) {
      Recorder.Result result = new Recorder(List.of(attached), new Recorder.Options(SampleMode.WALL, 100, Duration.ofMillis(300))).record();
      assertThat(result.profile().processes().get(0).cpu()).isNull();
      assertThat(result.profile().processes().get(0).samples()).isPositive();
    }
  }

  /** A workload's C source as a shared library in the test's directory (gcc is a test dependency). */
  private Path compile(String source) throws IOException, InterruptedException {
    PythonTarget.copyWorkloads(dir);
    Path library = dir.resolve(source.replace(".c", ".so"));
    Process cc;
    try {
      cc = new ProcessBuilder("gcc", "-O1", "-shared", "-fPIC", "-pthread", "-o", library.toString(), dir.resolve(source).toString())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      TestPythons.missing("gcc (to build " + source + "): " + e.getMessage());
      throw e;
    }
    String output = new String(cc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(cc.waitFor()).as("gcc %s: %s", source, output).isZero();
    return library;
  }

  static java.util.stream.Stream<TestPythons.Interpreter> threadLifecycles() {
    // how a new thread gets its thread state differs: 3.8-3.10 record no native id, 3.11 fills it
    // in from the parent first, 3.12+ bind it in the new thread
    return java.util.stream.Stream.of(TestPythons.require(8, TestPythons.Kind.PYENV_SHARED),
        TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC), TestPythons.require(15, TestPythons.Kind.DEBIAN_STATIC));
  }

  /**
   * A thread per request (http.server, socketserver's ThreadingMixIn): threads that live less than
   * an interval have most of the CPU time. Each one's time must be in the profile, on its stack,
   * as much as a long-lived thread's. Before, the first observation of a thread only set its
   * baseline and what it ran after its last one was lost (the requests got ~1 % of their time), and
   * on 3.8-3.10 a new thread, given the stack and so the {@code pthread_t} of one that ended, was
   * tied to the ended one's OS thread.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("threadLifecycles")
  void aThreadPerRequestKeepsItsCpuTimeAtTheUsualRate(TestPythons.Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "short_threads.py", dir);
        AttachedProcess attached = AttachedProcess.attach(target.pid())) {
      cpuLineAfter(target, lastCpuLine(target).at());
      double from = monotonicSeconds(System.nanoTime());
      Recorder.Result result = new Recorder(List.of(attached), new Recorder.Options(SampleMode.CPU, 100, Duration.ofSeconds(5))).record();
      double to = from + result.profile().elapsed().toNanos() / 1e9;
      cpuLineAfter(target, to);
      List<CpuLine> lines = cpuLines(target);

      RecordedProfile profile = result.profile();
      Map<String, Long> weightByFunction = new HashMap<>();
      profile.tree().forEachStack((path, weight) -> {
        List<String> names = path.stream().filter(f -> f.kind() == FrameKind.PYTHON).map(FrameKey::name).toList();
        String function = names.contains("burst") ? "burst" : names.contains("steady") ? "steady" : "other";
        weightByFunction.merge(function, weight, Long::sum);
      });
      String context = String.format("profile weights %s at %s s each; the main thread (other) used %.3f s; recording from %.3f to %.3f (monotonic s)",
          weightByFunction, profile.secondsPerSample(), cpuSecondsBetween(lines, "main", from, to), from, to);
      for (String function : List.of("burst", "steady")) {
        String threads = function.equals("burst") ? "bursts" : "steady";
        double truth = cpuSecondsBetween(lines, threads, from, to);
        double profiled = weightByFunction.getOrDefault(function, 0L) * profile.secondsPerSample();
        // a request's time reaches the CPU lines only when its thread ends: up to 16 ms late at either end
        assertThat(profiled).as("CPU seconds of %s in the profile vs measured (%.3f s); %s", function, truth, context)
            .isBetween(0.85 * truth - 0.02, 1.05 * truth + 0.02);
      }
    }
  }

  private static String describe(CpuLine line) {
    StringBuilder b = new StringBuilder();
    line.threads().forEach((n, v) -> b.append(n).append('=').append((int) v[0]).append(' '));
    return b.toString().trim();
  }
}
