package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * asyncio servers recorded by the real sampler: the time the event loop thread waits in its
 * selector goes to the tasks that wait, so the headline names the coroutine that awaits, its line
 * and what it awaits; a loop with nothing pending stays idle.
 */
class AsyncioScenarioTest {
  private static final Duration RECORD = Duration.ofSeconds(4);

  @TempDir
  Path dir;

  @ParameterizedTest(name = "Python 3.{0} {1} {2}")
  @CsvSource({"8, PYENV_SHARED, OFFCPU", "12, PYENV_SHARED, WALL", "13, PYENV_SHARED, OFFCPU", "14, DEBIAN_STATIC, OFFCPU",
      "15, DEBIAN_SHARED, WALL"})
  void handlerTasksAwaitingASlowUpstreamAreTheHeadline(int minor, Kind kind, SampleMode mode) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "asyncio_slow_upstream.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(mode, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.network");
      soft.assertThat(top.rule()).isEqualTo("asyncio-await-network");
      soft.assertThat(top.location().function()).isEqualTo("fetch_inventory");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.path()).extracting(ReportFrame::function).containsSubsequence("build_offer", "fetch_inventory");
      soft.assertThat(top.suggestion()).contains("fetch_inventory awaits a network peer");
      soft.assertThat(top.share()).isGreaterThan(0.5);
      soft.assertThat(run.output()).as("the target kept its tasks (a pending task collected as garbage is gone for the census too)")
          .noneMatch(line -> line.contains("Task was destroyed but it is pending"));
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED", "15, DEBIAN_STATIC"})
  void aCoroutineThatBlocksTheLoopIsNamedWithItsTask(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "asyncio_blocking_coroutine.py", dir)) {
      ScenarioRun.Recorded offcpu = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = offcpu.headline();
      ScenarioRun.Recorded cpu = run.record(SampleMode.CPU, Duration.ofSeconds(2));

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(offcpu.json()).isEqualTo("blocking.sleep");
      soft.assertThat(top.location().function()).isEqualTo("blocker");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.suggestion()).contains("blocks the asyncio event loop");
      soft.assertThat(frameNames(offcpu)).as("offcpu frames").contains("asyncio event loop", "task blocker");
      soft.assertThat(frameNames(cpu)).as("cpu mode names the task that runs").contains("task blocker");
      soft.assertAll();
    }
  }

  private static java.util.List<String> frameNames(ScenarioRun.Recorded recorded) {
    var frames = recorded.profile().tree().frames();
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      out.add(frames.get(i).name());
    }
    return out;
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED", "14, DEBIAN_SHARED"})
  void aLoopWithNoPendingTaskStaysIdle(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "asyncio_idle_loop.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, Duration.ofSeconds(2));
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("idle.event-loop");
      soft.assertThat(recorded.report().findings()).extracting(ReportFinding::kind).doesNotContain("blocking.network");
      soft.assertAll();
    }
  }
}
