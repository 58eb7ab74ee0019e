package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.cli.Pyrometer;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pyrometer heap} end to end: artifacts, summary, growth over snapshots, and bad input. */
class HeapCommandTest {
  private static final TestPythons.Interpreter PYTHON = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aSmallHeapWhereNothingStandsOutHasNoFinding() throws Exception {
    // a plain script: its largest holder is some stdlib cache of a few KB, not a headline
    try (dev.pyrometer.agent.testing.PythonTarget target = dev.pyrometer.agent.testing.PythonTarget.start(
        dev.pyrometer.agent.testing.TestPythons.require(12, dev.pyrometer.agent.testing.TestPythons.Kind.PYENV_SHARED),
        "known_stack.py", dir.resolve("small"))) {
      Run run = run("heap", "--pid", Integer.toString(target.pid()), "-o", dir.resolve("out").toString());
      assertThat(run.exit).as(run.err).isZero();
      RunSummary summary = SummaryCodec.fromJson(Files.readString(dir.resolve("out/summary.json")));
      assertThat(summary.finding()).as(run.out).isNull();
      assertThat(Files.readString(dir.resolve("out/report.html"))).contains("No single holder stands out");
    }
  }

  @Test
  void writesFoldedPathsFlameGraphReportAndSummaryForOneSnapshot() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "ground_truth.py", "--plant", "20")) {
      Path log = dir.resolve("termination-log");
      Run run = run("heap", "--pid", Integer.toString(target.pid()), "-o", dir.toString(), "--termination-log", log.toString());
      assertThat(run.exit).as(run.err).isZero();

      JsonNode report = JSON.readTree(dir.resolve("memory-report.json").toFile()).get("processes").get(0);
      FoldedStacks.ParseResult folded = FoldedStacks.parse(Files.readString(dir.resolve("memory.folded")));
      assertThat(folded.invalidLines()).isZero();
      assertThat(folded.tree().total()).as("folded bytes add up to the report's total")
          .isEqualTo(report.get("totals").get("bytes").asLong());
      assertThat(Files.readString(dir.resolve("memory.folded")))
          .containsPattern("(?m)^sys\\.modules;leakmod;CACHE \\(dict\\);\\[\\*values\\] \\(str\\) \\d+$");
      assertThat(Files.readString(dir.resolve("memory-flamegraph.html"))).contains("bytes").contains("CACHE (dict)");
      assertThat(Files.exists(dir.resolve("memory-diff.folded"))).as("no diff with one snapshot").isFalse();

      RunSummary summary = SummaryCodec.fromJson(Files.readString(dir.resolve("summary.json")));
      assertThat(summary.mode()).isEqualTo("memory");
      assertThat(summary.exitReason()).isEqualTo(ExitReason.COMPLETED);
      assertThat(summary.processes().get(0).topStack()).containsExactly("sys.modules", "leakmod", "CACHE (dict)");
      assertThat(summary.finding().kind()).isEqualTo("memory.module-global");
      // the session's TOP: module.variable (type) size, short enough for kubectl get, no file path
      assertThat(summary.finding().location()).matches("leakmod\\.CACHE \\(dict\\) [0-9.]+ [KMG]i?B").hasSizeLessThanOrEqualTo(60);
      assertThat(summary.finding().title()).startsWith("leakmod.CACHE (dict of").doesNotContain("`");
      assertThat(summary.finding().suggestion()).as("one snapshot cannot show growth").doesNotContain("keeps growing");
      String message = Files.readString(log);
      assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SummaryCodec.TERMINATION_MESSAGE_LIMIT);
      assertThat(SummaryCodec.fromJson(message).finding().kind()).isEqualTo("memory.module-global");
      assertThat(run.out).contains("sys.modules;leakmod;CACHE (dict)");
    }
  }

  @Test
  void ranksAGrowingDictFirstWithItsSlope() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "grower.py", "--rate", "100", "--value-bytes", "10000")) {
      Run run = run("heap", "--pid", Integer.toString(target.pid()), "--snapshots", "4", "--interval", "2s",
          "-o", dir.toString());
      assertThat(run.exit).as(run.err).isZero();
      double expected = target.truth().get("entry_bytes").asDouble() * target.truth().get("rate").asDouble();

      JsonNode growth = JSON.readTree(dir.resolve("memory-report.json").toFile()).get("processes").get(0).get("growth");
      JsonNode top = growth.get("paths").get(0);
      assertThat(top.get("name").asText()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
      assertThat(top.get("slopeBytesPerSecond").asDouble()).isCloseTo(expected, within(expected * 0.2));
      assertThat(top.get("monotonic").asBoolean()).isTrue();
      JsonNode container = growth.get("containers").get(0);
      assertThat(container.get("path").asText()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
      assertThat(container.get("slopeItemsPerSecond").asDouble()).isCloseTo(100, within(20.0));

      List<String> diff = Files.readAllLines(dir.resolve("memory-diff.folded"));
      String values = diff.stream().filter(l -> l.startsWith("sys.modules;leakmod;CACHE (dict);[*values] (str) "))
          .findFirst().orElseThrow();
      String[] fields = values.split(" ");
      assertThat(Long.parseLong(fields[fields.length - 1])).isGreaterThan(Long.parseLong(fields[fields.length - 2]));
      RunSummary summary = SummaryCodec.fromJson(Files.readString(dir.resolve("summary.json")));
      assertThat(summary.finding().kind()).isEqualTo("memory.growth");
      assertThat(summary.finding().title()).startsWith("sys.modules;leakmod;CACHE (dict) grows by");
    }
  }

  @Test
  void explainsBadInputInOneLineWithItsExitCode() throws Exception {
    Run noProcess = run("heap", "--pid", "999999999", "-o", dir.toString());
    assertThat(noProcess.exit).isEqualTo(ExitReason.PROCESS_NOT_FOUND.exitCode());
    assertThat(noProcess.err.lines()).hasSize(1).first().asString().startsWith("pyrometer: ");
    assertThat(SummaryCodec.fromJson(Files.readString(dir.resolve("summary.json"))).exitReason())
        .isEqualTo(ExitReason.PROCESS_NOT_FOUND);

    Run badCount = run("heap", "--pid", "1", "--snapshots", "0");
    assertThat(badCount.exit).isEqualTo(ExitReason.INVALID_ARGUMENTS.exitCode());
    assertThat(badCount.err.lines()).hasSize(1);

    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      Run notPython = run("heap", "--pid", Long.toString(sleeper.pid()), "-o", dir.toString());
      assertThat(notPython.exit).isEqualTo(ExitReason.NOT_PYTHON.exitCode());
      assertThat(notPython.err.lines()).hasSize(1).first().asString().contains("not a Python process");
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void refusesASnapshotLargerThanItMayCopyInsteadOfRiskingThePodsMemory() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "ground_truth.py", "--plant", "20")) {
      Run run = run("heap", "--pid", Integer.toString(target.pid()), "--max-copy", "1Mi", "-o", dir.toString());
      assertThat(run.exit).isEqualTo(ExitReason.NO_SAMPLES.exitCode());
      assertThat(run.err.lines()).hasSize(1).first().asString().contains("more than the 1.0 MB this snapshot may take");
      assertThat(SummaryCodec.fromJson(Files.readString(dir.resolve("summary.json"))).exitReason())
          .isEqualTo(ExitReason.NO_SAMPLES);
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = Pyrometer.commandLine();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
