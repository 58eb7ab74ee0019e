package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.testing.HeadlessChromium;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scenario programs with a known answer, each run in real CPythons (3.8 without qualified
 * names and with select()-based sleeps, 3.12, and for some 3.14), recorded by the real sampler,
 * and checked for the right finding, application frame, line and cause. Lines are found by their
 * marker comment in the script, never hard-coded.
 */
class ScenarioTest {
  private static final Duration RECORD = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED", "14, DEBIAN_STATIC"})
  void reportsAHandlerBlockedInSubprocessRunAtItsLine(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "subprocess_handler.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.subprocess");
      soft.assertThat(simple(top.location().function())).isEqualTo("handle_by_script");
      soft.assertThat(top.location().file()).isEqualTo(run.script().toString());
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.location().code()).startsWith("result = subprocess.run(");
      soft.assertThat(top.call().module()).isEqualTo("subprocess");
      soft.assertThat(simple(top.call().function())).isEqualTo("run");
      soft.assertThat(top.share()).isGreaterThan(0.8);
      soft.assertThat(top.suggestion()).contains("handle_by_script");
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED", "14, DEBIAN_STATIC"})
  void reportsTheLongestSleepOfAChainFirstAndTheOthersAfter(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "sleep_chain.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();
      List<ReportFinding> sleeps = recorded.report().findings().stream().filter(f -> f.kind().equals("blocking.sleep")).toList();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.sleep");
      soft.assertThat(top.location().function()).isEqualTo("wait_for_backend");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.share()).isBetween(0.6, 0.9); // 120 of 160 ms
      soft.assertThat(top.path()).extracting(ReportFrame::function)
          .containsSubsequence("main", "load_settings", "connect_backend", "wait_for_backend");
      soft.assertThat(sleeps).extracting(f -> f.location().function())
          .containsExactly("wait_for_backend", "connect_backend", "load_settings");
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED"})
  void reportsASocketReadFromASlowPeerAsNetworkWait(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "slow_peer_socket.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.network");
      soft.assertThat(top.rule()).isEqualTo("socket");
      soft.assertThat(top.syscall()).isEqualTo("recvfrom");
      soft.assertThat(top.location().function()).isEqualTo("fetch_quote");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.share()).isGreaterThan(0.9);
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED", "14, DEBIAN_STATIC"})
  void reportsLockContentionAtTheLineThatTakesTheLock(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "lock_contention.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.lock");
      soft.assertThat(top.rule()).isEqualTo("lock-line");
      soft.assertThat(top.location().function()).isEqualTo("record_trade");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
      soft.assertThat(top.location().code()).isEqualTo("with LEDGER_LOCK:  # <- blocking line");
      soft.assertThat(top.threads()).isGreaterThanOrEqualTo(4); // six traders, one holds the lock
      soft.assertThat(recorded.report().findings()).extracting(ReportFinding::kind).contains("waiting.threads");
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED"})
  void reportsThreadsThatRunPythonAtOnceAsWaitingForTheGil(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "gil_contention.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.gil");
      soft.assertThat(top.location().function()).isEqualTo("crunch");
      soft.assertThat(top.syscall()).isEqualTo("futex");
      soft.assertThat(top.threads()).isGreaterThanOrEqualTo(3);
      soft.assertThat(top.suggestion()).contains("processes");
      // a sample can catch main in its last line before the wait (print, queued on the GIL): a
      // finding too small for the headline, which the page labels minor; what matters is the wait
      soft.assertThat(recorded.report().findings()).as("the main thread waiting on its Event is no problem")
          .filteredOn(f -> f.location().function().equals("main") && f.share() >= GuidedAnalysis.HEADLINE_MIN_SHARE)
          .hasSize(1)
          .allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.WAITING));
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED"})
  void reportsAnIdleWorkerPoolAsIdleNotAsAProblem(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "idle_pool.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.verdict()).as(recorded.json()).isEqualTo(Verdict.IDLE);
      soft.assertThat(top.kind()).startsWith("idle.");
      soft.assertThat(recorded.report().findings()).as("no problem worth a headline")
          .noneMatch(f -> f.verdict() == Verdict.PROBLEM && f.share() >= GuidedAnalysis.HEADLINE_MIN_SHARE);
      soft.assertThat(recorded.report().findings()).extracting(ReportFinding::rule)
          .contains("thread-pool-worker-idle", "queue-consumer-thread-idle", "socketserver-idle");
      soft.assertThat(recorded.report().diagnosis().get(1)).startsWith("No problem stands out");
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED"})
  void reportsTheHotHelperOfACpuBoundHandler(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "cpu_hot_helper.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.CPU, RECORD);
      ReportFinding top = recorded.headline();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("cpu.hot-function");
      soft.assertThat(top.location().function()).isEqualTo("checksum");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- hot line"));
      soft.assertThat(top.share()).isGreaterThan(0.8);
      soft.assertThat(recorded.report().functions().self().get(0).function()).isEqualTo("checksum");
      soft.assertThat(recorded.report().breakdowns().byCategory().get(0).category()).isEqualTo(CodeCategory.APP);
      soft.assertAll();
    }
  }

  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "12, PYENV_SHARED"})
  void blamesTheLibraryAndTheLineThatCallsItWhenALibraryDominatesCpu(int minor, Kind kind) throws Exception {
    try (ScenarioRun run = ScenarioRun.start(TestPythons.require(minor, kind), "cpu_library.py", dir)) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.CPU, RECORD);
      ReportFinding top = recorded.headline();
      double library = recorded.report().breakdowns().byCategory().stream()
          .filter(s -> s.category() == CodeCategory.LIBRARY).mapToDouble(Report.Share::share).sum();

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("cpu.library-call");
      soft.assertThat(top.location().function()).isEqualTo("import_batch");
      soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- hot line"));
      soft.assertThat(top.call().module()).isEqualTo("slowparse");
      soft.assertThat(top.call().function()).isEqualTo("parse_record");
      soft.assertThat(top.call().category()).isEqualTo(CodeCategory.LIBRARY);
      soft.assertThat(top.share()).isGreaterThan(0.8);
      soft.assertThat(library).isGreaterThan(0.7);
      soft.assertThat(recorded.report().breakdowns().byModule().get(0).name()).isEqualTo("slowparse");
      soft.assertAll();
    }
  }

  @Test
  void writesAReportOfARealRecordingThatRendersInChromium() throws Exception {
    Interpreter python = TestPythons.require(12, Kind.PYENV_SHARED);
    Path page;
    String title;
    try (ScenarioRun run = ScenarioRun.start(python, "subprocess_handler.py", dir.resolve("app"))) {
      ScenarioRun.Recorded recorded = run.record(SampleMode.OFFCPU, RECORD);
      ReportWriter.write(recorded.report(), recorded.profile(), dir.resolve("out"));
      page = dir.resolve("out").resolve("report.html");
      title = recorded.headline().title();
    }

    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.load(page);

      assertThat(browser.consoleErrors()).isEmpty();
      assertThat(browser.evaluate("window.pyrometerReport.headline()").get("title").asText()).isEqualTo(title);
      assertThat(browser.evaluate("window.pyrometerReport.flamegraph().drawn().filter(f => f.highlighted).length").asInt())
          .isGreaterThan(3);
    }
  }

  private static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
