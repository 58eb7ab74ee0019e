package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guided analysis of real recordings (scenario programs and the benchmark's many-stacks target,
 * recorded by the real sampler, kept with the source lines the analysis read) gives the report.json
 * it gave when the recordings were made: the analysis that walks the call tree once and keeps no
 * object per stack writes what the one that kept a classified path per stack wrote, byte for byte.
 * {@code -Dpyrometer.analysis.rerecord=true} records them again (with the analysis of the day).
 */
class AnalysisOfRecordedProfilesTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "analysis-golden");

  @Test
  void reportJsonOfEveryRecordedProfileIsWhatItWas() throws IOException {
    List<Path> trees;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      trees = files.filter(p -> p.toString().endsWith(".profile.txt")).sorted().toList();
    }
    assertThat(trees).hasSizeGreaterThanOrEqualTo(6);
    for (Path tree : trees) {
      RecordedProfileFile.Replay replay = RecordedProfileFile.read(tree);
      String expected = Files.readString(jsonOf(tree), StandardCharsets.UTF_8);
      assertThat(ReportJson.toJson(GuidedAnalysis.analyse(replay.profile(), replay.sources())))
          .as(tree.getFileName().toString()).isEqualTo(expected);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "pyrometer.analysis.rerecord", matches = "true")
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
    Path file = GOLDEN.resolve(name + ".profile.txt");
    RecordedProfileFile.RememberingSourceLines sources = new RecordedProfileFile.RememberingSourceLines(SourceLines.ofProcesses());
    GuidedAnalysis.analyse(profile, sources);
    RecordedProfileFile.write(profile, sources.seen, file);
    // the report of the profile as read back, so the test compares like with like
    RecordedProfileFile.Replay replay = RecordedProfileFile.read(file);
    Files.writeString(jsonOf(file), ReportJson.toJson(GuidedAnalysis.analyse(replay.profile(), replay.sources())),
        StandardCharsets.UTF_8);
  }

  private static Path jsonOf(Path tree) {
    return tree.resolveSibling(tree.getFileName().toString().replace(".profile.txt", ".report.json"));
  }
}
