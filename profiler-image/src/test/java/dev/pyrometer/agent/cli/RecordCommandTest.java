package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code pyrometer record} in each mode against workloads with a known answer. */
class RecordCommandTest {
  /** time.sleep: clock_nanosleep from 3.11; select (pselect6 in glibc) before. */
  private static final Set<String> SLEEP_SYSCALLS = Set.of("clock_nanosleep_[k]", "nanosleep_[k]", "pselect6_[k]", "select_[k]");

  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void cpuModeMeasuresTheSplitBetweenTwoFunctions(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir)) {
      double hot = 0;
      double cold = 0;
      // a cpu sample is an interval of CPU time the thread used: on a busy machine the target gets
      // less CPU and so fewer samples, so record until ~800 count
      for (int round = 0; round < 8 && hot + cold < 800; round++) {
        Path out = dir.resolve("out" + round);
        record(target, "cpu", "2500ms", "400", out);
        FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
        hot += profile.through("hot (");
        cold += profile.through("cold (");
        assertThat(profile.through("hot (") + profile.through("cold (")).as("samples in hot or cold")
            .isGreaterThan((long) (0.9 * profile.total()));
        assertThat(profile.stacks()).anySatisfy(s -> assertThat(s.frames())
            .containsSubsequence("hot (cpu_split.py:" + target.lineOf("@hot-burns") + ")",
                "burn (cpu_split.py:" + target.lineOf("@burn-loop") + ")"));
      }
      System.out.printf("cpu split %s: hot %.1f%% of %d samples%n", python, 100 * hot / (hot + cold), (long) (hot + cold));
      assertThat(hot + cold).as("samples").isGreaterThan(300);
      assertThat(100 * hot / (hot + cold)).as("hot's share of CPU in %").isCloseTo(70.0, within(5.0));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void offCpuModeNamesTheSystemCallEachBlockedThreadWaitsIn(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "blocking.py", dir)) {
      Path out = dir.resolve("offcpu");
      record(target, "offcpu", "1s", "100", out);
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      String childWait = "wait_child (blocking.py:" + target.lineOf("@wait-child") + ")";
      assertThat(profile.matching(s -> s.contains(childWait)))
          .isNotEmpty()
          .allSatisfy(s -> {
            assertThat(s.frames()).anySatisfy(f -> assertThat(f).startsWith("run (subprocess.py:"));
            assertThat(s.leaf()).isIn("wait4_[k]", "poll_[k]", "waitid_[k]");
          });
      String nap = "nap (blocking.py:" + target.lineOf("@nap") + ")";
      assertThat(profile.matching(s -> s.contains(nap))).isNotEmpty()
          .allSatisfy(s -> assertThat(s.leaf()).isIn(SLEEP_SYSCALLS));
      String recv = "read_socket (blocking.py:" + target.lineOf("@recv") + ")";
      assertThat(profile.matching(s -> s.contains(recv))).isNotEmpty()
          .allSatisfy(s -> assertThat(s.leaf()).isIn("recvfrom_[k]", "recv_[k]"));
      assertThat(profile.through("spin (")).as("the spinning thread is never off CPU").isZero();

      Path cpu = dir.resolve("cpu");
      record(target, "cpu", "1s", "100", cpu);
      FoldedProfile onCpu = FoldedProfile.read(cpu.resolve("profile.folded"));
      assertThat(onCpu.through("spin (")).isGreaterThan(0);
      assertThat(onCpu.through("wait_child (") + onCpu.through("nap (") + onCpu.through("read_socket ("))
          .as("blocked threads are absent from a CPU profile").isZero();
    }
  }

  @Test
  void wallModeKeepsEveryThreadInEverySample() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "blocking.py", dir)) {
      Path out = dir.resolve("wall");
      record(target, "wall", "1s", "100", out);
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      long spin = profile.through("spin (");
      for (String blocked : new String[] {"wait_child (", "nap (", "read_socket ("}) {
        assertThat((double) profile.through(blocked)).as(blocked).isCloseTo(spin, within(spin * 0.1));
      }
    }
  }

  @Test
  void aTargetThatExitsMidRecordingEndsItsPartAndEverythingIsWritten() throws Exception {
    Interpreter python = TestPythons.require(13, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "exits_soon.py", dir, "3.0")) {
      Path out = dir.resolve("exits");
      long start = System.nanoTime();
      AgentRun run = AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "cpu",
          "--duration", "20s", "--rate", "100", "-o", out.toString()).assertOk();
      assertThat((System.nanoTime() - start) / 1e9).as("stops when the target exits").isLessThan(10);
      RunSummary summary = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
      assertThat(summary.exitReason()).isEqualTo(ExitReason.TARGETS_EXITED);
      assertThat(summary.processes().get(0).samples()).isGreaterThan(20);
      assertThat(FoldedProfile.read(out.resolve("profile.folded")).through("work_until (")).isGreaterThan(20);
      assertThat(out.resolve("flamegraph.html")).isNotEmptyFile();
      assertThat(out.resolve("speedscope.json")).isNotEmptyFile();
      assertThat(run.out()).contains("work_until (exits_soon.py:" + target.lineOf("@work") + ")");
      // the console prints stacks innermost first, as dump does
      assertThat(run.out()).contains("innermost first");
      assertThat(run.out().indexOf("    work_until (")).as(run.out()).isPositive()
          .isLessThan(run.out().indexOf("    <module> ("));
    }
  }

  @Test
  void matchProfilesEveryMatchingProcessUnderItsOwnRoot() throws Exception {
    Interpreter py312 = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    Interpreter py38 = TestPythons.require(8, TestPythons.Kind.PYENV_SHARED);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path c = dir.resolve("c");
    try (PythonTarget first = PythonTarget.start(py312, "cpu_split.py", a, "worker-one");
        PythonTarget second = PythonTarget.start(py38, "cpu_split.py", b, "worker-two");
        PythonTarget other = PythonTarget.start(py312, "blocking.py", c)) {
      Path out = dir.resolve("match");
      AgentRun.of("record", "--match", "cpu_split\\.py worker-", "--mode", "cpu", "--duration", "1s",
          "-o", out.toString()).assertOk();
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      assertThat(profile.through("process " + first.pid() + ": ")).isGreaterThan(0);
      assertThat(profile.through("process " + second.pid() + ": ")).isGreaterThan(0);
      assertThat(profile.through("process " + other.pid() + ": ")).isZero();
      assertThat(profile.stacks()).allSatisfy(s -> assertThat(s.frames().get(0)).startsWith("process "));
      RunSummary summary = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
      assertThat(summary.processes()).extracting(p -> p.pythonVersion().substring(0, 4))
          .containsExactlyInAnyOrder("3.12", "3.8.");
    }
  }

  @Test
  void aSingleProcessPickedByPatternStillGetsItsProcessRoot() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir, "only-one-" + System.nanoTime())) {
      Path out = dir.resolve("one");
      AgentRun.of("record", "--match", "only-one-", "--mode", "cpu", "--duration", "500ms", "-o", out.toString()).assertOk();
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      assertThat(profile.stacks()).isNotEmpty()
          .allSatisfy(s -> assertThat(s.frames().get(0)).startsWith("process " + target.pid() + ": "));
    }
  }

  private static void record(PythonTarget target, String mode, String duration, String rate, Path out) {
    AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", mode, "--duration", duration,
        "--rate", rate, "-o", out.toString()).assertOk();
  }
}
