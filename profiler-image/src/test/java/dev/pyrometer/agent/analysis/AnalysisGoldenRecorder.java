package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.Recorder;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.target.TargetSelector;
import dev.pyrometer.agent.testing.TestPythons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records again the real profiles {@link AnalysisOfRecordedProfilesTest} replays, and writes the
 * report.json of the analysis of the day beside each. A tool, not a test: its name is outside
 * surefire's patterns, so the suite never runs it; run it by name after a deliberate change of the
 * analysis's output, and review the diff of {@code src/test/resources/analysis-golden}:
 * <pre>
 * mvn -o -q -pl profiler-image -am test -Dtest=AnalysisGoldenRecorder -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class AnalysisGoldenRecorder {
  @Test
  void rerecord(@TempDir Path dir) throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    record(python, dir, "idle_pool.py", SampleMode.OFFCPU, 100, 2);
    record(python, dir, "lock_contention.py", SampleMode.OFFCPU, 100, 2);
    record(python, dir, "gil_contention.py", SampleMode.OFFCPU, 100, 2);
    record(python, dir, "cpu_library.py", SampleMode.CPU, 100, 2);
    record(python, dir, "cpu_hot_helper.py", SampleMode.CPU, 100, 2);
    record(python, dir, "sleep_chain.py", SampleMode.WALL, 100, 2);
    record(python, dir, "asyncio_blocking_coroutine.py", SampleMode.WALL, 100, 2);
    record(python, dir, "subprocess_handler.py", SampleMode.OFFCPU, 100, 2);
    // a large application's worth of stacks (thousands of leaves, many with equal weight)
    Path target = Path.of("bench", "target.py").toAbsolutePath();
    Process varied = new ProcessBuilder(python.executable().toString(), target.toString(), "varied", "--unit", "100",
        "--distinct", "3000").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Thread.sleep(1500); // the target builds its functions first
      save(varied.pid(), SampleMode.WALL, 1000, 3, "bench_varied_3000");
    } finally {
      varied.destroyForcibly();
    }
  }

  private static void record(TestPythons.Interpreter python, Path dir, String script, SampleMode mode, int rate, int seconds)
      throws Exception {
    try (ScenarioRun run = ScenarioRun.start(python, script, dir.resolve(script.replace(".py", "")))) {
      save(run.pid(), mode, rate, seconds, script.replace(".py", "") + "-" + mode.cliName());
    }
  }

  private static void save(long pid, SampleMode mode, int rate, int seconds, String name) throws IOException {
    TargetSelector.Selection selection = TargetSelector.byPids(List.of((int) pid));
    RecordedProfile profile;
    try {
      profile = new Recorder(selection.attached(), new Recorder.Options(mode, rate, Duration.ofSeconds(seconds))).record()
          .profile();
    } finally {
      selection.attached().forEach(AttachedProcess::close);
    }
    Path file = AnalysisOfRecordedProfilesTest.GOLDEN.resolve(name + ".profile.txt");
    RecordedProfileFile.RememberingSourceLines sources = new RecordedProfileFile.RememberingSourceLines(SourceLines.ofProcesses());
    GuidedAnalysis.analyse(profile, sources);
    RecordedProfileFile.write(profile, sources.seen, file);
    // the report of the profile as read back, so the test compares like with like
    RecordedProfileFile.Replay replay = RecordedProfileFile.read(file);
    Files.writeString(AnalysisOfRecordedProfilesTest.jsonOf(file), ReportJson.toJson(GuidedAnalysis.analyse(replay.profile(), replay.sources())),
        StandardCharsets.UTF_8);
  }

}
