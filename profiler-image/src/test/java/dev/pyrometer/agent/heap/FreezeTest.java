package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.snapshot.PtraceFreezer;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.testing.TestPythons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of a target that mutates its heap in 8 threads: frozen (every thread stopped by
 * ptrace for the copy, within the pause budget) and racy; the target is always released, also
 * when the analyzer is killed while the target is stopped.
 */
class FreezeTest {
  private static final TestPythons.Interpreter PYTHON = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
  /**
   * The copy of a 64 MiB target takes tens of ms on a quiet machine; the budget is wide because on
   * a loaded one (other builds on both cores) stopping 9 threads and copying can take seconds. What
   * is tested is that the copy is frozen and the pause stays within the budget it was given.
   */
  private static final long FROZEN_BUDGET_MILLIS = 5000;

  @Test
  void frozenSnapshotOfABusyTargetStaysWithinItsPauseBudgetAndReleasesIt() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "mutator.py", "--ballast", "64");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process,
            new HeapAnalyzer.Options(new PtraceFreezer(), Duration.ofMillis(FROZEN_BUDGET_MILLIS)))) {
      HeapReport report = analyzer.analyze().report();
      assertThat(report.meta().snapshotMode()).isEqualTo("frozen");
      assertThat(report.meta().pauseMillis()).isPositive().isLessThan(FROZEN_BUDGET_MILLIS);
      assertThat(report.topPaths()).extracting(HeapReport.PathEntry::path).contains("sys.modules;state;BALLAST (list)");
      assertReleasedAndRunning(target.pid());
    }
  }

  @Test
  void freezeOverItsBudgetResumesTheTargetAndFinishesTheCopyRacily() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "mutator.py", "--ballast", "400");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process,
            new HeapAnalyzer.Options(new PtraceFreezer(), Duration.ofMillis(20)))) {
      HeapReport report = analyzer.analyze().report();
      assertThat(report.meta().snapshotMode()).isEqualTo("racy");
      assertThat(report.meta().pauseMillis()).as("budget plus one 8 MiB piece at most").isLessThan(120);
      assertThat(report.topPaths().get(0).path()).isEqualTo("sys.modules;state;BALLAST (list)");
      assertReleasedAndRunning(target.pid());
    }
  }

  @Test
  void racySnapshotOfABusyTargetFindsItsPaths() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "mutator.py", "--ballast", "64");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process, HeapAnalyzer.Options.racy())) {
      // without a freeze a dict that 8 threads keep resizing can be torn in one copy and lost to
      // its path; the racy mode must still find it in most snapshots, and never crash
      int foundShared = 0;
      for (int attempt = 0; attempt < 3; attempt++) {
        HeapReport report = analyzer.analyze().report();
        assertThat(report.meta().snapshotMode()).isEqualTo("racy");
        assertThat(report.meta().pauseMillis()).isZero();
        assertThat(report.topPaths().get(0).path()).isEqualTo("sys.modules;state;BALLAST (list)");
        if (report.topPaths().stream().anyMatch(p -> p.path().equals("sys.modules;state;SHARED (dict)"))) {
          foundShared++;
        }
      }
      assertThat(foundShared).as("racy snapshots that found SHARED, of 3").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void killingTheAnalyzerWhileTheTargetIsStoppedLeavesTheTargetRunning() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "mutator.py", "--ballast", "600")) {
      Path out = Files.createTempDirectory("pyrometer-heap-kill");
      Process analyzer = new ProcessBuilder(java(), "-cp", classPath(), "dev.pyrometer.agent.cli.Pyrometer", "heap",
          "--pid", Integer.toString(target.pid()), "--freeze", "--pause-budget", "10s", "-o", out.toString())
          .redirectErrorStream(true).redirectOutput(out.resolve("analyzer.log").toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tracedThreads(target.pid()) == 0) {
          assertThat(analyzer.isAlive()).as("the analyzer froze the target before it finished").isTrue();
          assertThat(System.nanoTime()).as("the target was frozen within 60 s").isLessThan(deadline);
          Thread.sleep(1);
        }
      } finally {
        analyzer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertReleasedAndRunning(target.pid());
    }
  }

  /** No thread is traced or stopped any more, and the target burns CPU again (its threads run). */
  private static void assertReleasedAndRunning(int pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((tracedThreads(pid) > 0 || stoppedThreads(pid) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(tracedThreads(pid)).as("threads still traced").isZero();
    assertThat(stoppedThreads(pid)).as("threads still stopped").isZero();
    long before = ProcFs.cpuTicks(pid);
    Thread.sleep(500);
    assertThat(ProcFs.cpuTicks(pid)).as("CPU ticks of the mutating target").isGreaterThan(before);
  }

  private static int tracedThreads(int pid) throws IOException {
    int traced = 0;
    for (int tid : ProcFs.tasks(pid)) {
      Path status = ProcFs.dir(pid).resolve("task").resolve(Integer.toString(tid)).resolve("status");
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("TracerPid:") && !line.substring(10).trim().equals("0")) {
            traced++;
          }
        }
      } catch (IOException e) {
        // the thread exited
      }
    }
    return traced;
  }

  private static int stoppedThreads(int pid) {
    List<String> states = new ArrayList<>();
    for (int tid : ProcFs.tasks(pid)) {
      ProcFs.statFields(ProcFs.dir(pid).resolve("task").resolve(Integer.toString(tid)).resolve("stat"))
          .ifPresent(f -> states.add(f[0]));
    }
    return (int) states.stream().filter(s -> s.equals("t") || s.equals("T")).count();
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
