package dev.pyrometer.agent.analysis;

import static dev.pyrometer.agent.analysis.Stacks.app;
import static dev.pyrometer.agent.analysis.Stacks.lib;
import static dev.pyrometer.agent.analysis.Stacks.main;
import static dev.pyrometer.agent.analysis.Stacks.std;
import static dev.pyrometer.agent.analysis.Stacks.sys;
import static dev.pyrometer.agent.analysis.Stacks.thread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.contract.CpuAccount;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole analysis on hand-built profiles whose answer is known. */
class GuidedAnalysisTest {
  private static final String PROCESSOR = "/app/Processor.py";

  @Test
  void headlinesTheSubprocessWaitWithTheApplicationLineAndTheCallItMakes() {
    Stacks stacks = new Stacks()
        .add(100, 60, main(app(PROCESSOR, "Processor.serve", 15), app(PROCESSOR, "Processor.handle_by_script", 8),
            std("subprocess.py", "run", 550), std("subprocess.py", "Popen.communicate", 1209),
            std("subprocess.py", "Popen._communicate", 2108), std("selectors.py", "_PollLikeSelector.select", 415), sys("poll")))
        .add(100, 20, main(app(PROCESSOR, "Processor.serve", 15), app(PROCESSOR, "Processor.handle_by_script", 8),
            std("subprocess.py", "run", 550), std("subprocess.py", "Popen.wait", 1264), std("subprocess.py", "Popen._wait", 2046),
            sys("wait4")));
    for (int tid = 101; tid <= 103; tid++) {
      stacks.add(tid, 5, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")));
    }
    stacks.add(100, 5, main(app(PROCESSOR, "Processor.serve", 17), std("threading.py", "Thread.join", 1147), sys("futex")));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE);
    ReportFinding top = report.headlineFinding().orElseThrow();

    assertThat(top.kind()).isEqualTo("blocking.subprocess");
    assertThat(top.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(top.share()).isCloseTo(0.8, within(1e-9));
    assertThat(top.seconds()).isCloseTo(0.8, within(1e-9));
    assertThat(top.location().function()).isEqualTo("Processor.handle_by_script");
    assertThat(top.location().file()).isEqualTo(PROCESSOR);
    assertThat(top.location().line()).isEqualTo(8);
    assertThat(top.applicationCode()).isTrue();
    assertThat(top.call().module() + "." + top.call().function()).isEqualTo("subprocess.run");
    assertThat(top.syscall()).isEqualTo("poll");
    assertThat(top.path().get(top.path().size() - 1).function()).isEqualTo("poll");
    assertThat(top.title()).isEqualTo("waits for a child process in Processor.handle_by_script");
    assertThat(top.message()).contains("poll_[k] ← _PollLikeSelector.select (selectors.py:415)")
        .contains("Processor.handle_by_script (Processor.py:8)").contains("/app/Processor.py line 8");
    assertThat(top.suggestion()).contains("Processor.handle_by_script").contains("subprocess.run");
    assertThat(report.findings()).extracting(ReportFinding::kind)
        .contains("idle.worker", "waiting.threads");
    assertThat(report.diagnosis().get(1)).contains("blocking path").contains("80%");
  }

  @Test
  void reportsAnIdleServiceAsIdleAndNotAsAProblem() {
    Stacks stacks = new Stacks()
        .add(100, 50, main(app("main", 30), std("socketserver.py", "BaseServer.serve_forever", 235),
            std("selectors.py", "_PollLikeSelector.select", 415), sys("poll")));
    for (int tid = 101; tid <= 104; tid++) {
      stacks.add(tid, 50, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")));
    }
    stacks.add(105, 50, thread(app("consume", 12), std("queue.py", "Queue.get", 171), std("threading.py", "Condition.wait", 355),
        sys("futex")));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE);

    assertThat(report.findings()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.IDLE));
    ReportFinding top = report.headlineFinding().orElseThrow();
    assertThat(top.kind()).isEqualTo("idle.worker");
    assertThat(top.rule()).isEqualTo("thread-pool-worker-idle");
    assertThat(top.threads()).isEqualTo(4);
    assertThat(report.findings()).extracting(ReportFinding::rule)
        .containsExactlyInAnyOrder("thread-pool-worker-idle", "queue-consumer-thread-idle", "socketserver-idle");
    assertThat(top.message()).contains("not a problem");
    assertThat(report.diagnosis().get(1)).startsWith("No problem stands out: 100%");
    assertThat(report.headlineForSummary().title()).startsWith("idle:");
  }

  @Test
  void letsAProblemOutrankIdleTimeOnlyWhenItIsNotNegligible() {
    Stacks tiny = idleWorkers(new Stacks(), 990).add(100, 10, main(app("poll_status", 7), sys("clock_nanosleep")));
    Stacks visible = idleWorkers(new Stacks(), 950).add(100, 50, main(app("poll_status", 7), sys("clock_nanosleep")));

    Report quiet = GuidedAnalysis.analyse(tiny.profile(SampleMode.OFFCPU), SourceLines.NONE);
    Report sleeping = GuidedAnalysis.analyse(visible.profile(SampleMode.OFFCPU), SourceLines.NONE);

    assertThat(quiet.headlineFinding().orElseThrow().verdict()).isEqualTo(Verdict.IDLE);
    assertThat(sleeping.headlineFinding().orElseThrow().kind()).isEqualTo("blocking.sleep");
    assertThat(sleeping.diagnosis()).anyMatch(s -> s.contains("95% of the off-CPU samples are idle threads"));
  }

  @Test
  void groupsEveryPathToTheSameApplicationLineAndCauseIntoOneFinding() {
    Stacks stacks = new Stacks()
        .add(100, 40, main(app("fetch", 5), lib("requests/api.py", "get", 73), lib("requests/sessions.py", "Session.request", 589),
            std("socket.py", "SocketIO.readinto", 707), sys("recvfrom")))
        .add(100, 35, main(app("fetch", 5), lib("requests/api.py", "get", 73), lib("requests/sessions.py", "Session.request", 589),
            lib("urllib3/connection.py", "HTTPConnection.connect", 205), std("socket.py", "create_connection", 835), sys("connect")))
        .add(100, 25, main(app("fetch", 9), lib("requests/api.py", "get", 73), std("socket.py", "SocketIO.readinto", 707),
            sys("recvfrom")));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE);

    assertThat(report.findings()).hasSize(2);
    ReportFinding top = report.findings().get(0);
    assertThat(top.rule()).isEqualTo("http-client");
    assertThat(top.samples()).isEqualTo(75);
    assertThat(top.location().line()).isEqualTo(5);
    assertThat(report.findings().get(1).location().line()).isEqualTo(9);
    assertThat(report.paths()).hasSize(3);
    assertThat(report.paths().get(0).finding()).isZero();
    assertThat(report.paths().get(0).share()).isCloseTo(0.4, within(1e-9));
  }

  @Test
  void findsTheHotHelperAndItsHottestLineInACpuProfile() {
    Stacks stacks = new Stacks()
        .add(100, 70, main(app("main", 20), app("handle_request", 11), app("checksum", 6)))
        .add(100, 10, main(app("main", 20), app("handle_request", 11), app("checksum", 5)))
        .add(100, 20, main(app("main", 20), app("handle_request", 10)));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.CPU), SourceLines.NONE);
    ReportFinding top = report.headlineFinding().orElseThrow();

    assertThat(top.kind()).isEqualTo("cpu.hot-function");
    assertThat(top.location().function()).isEqualTo("checksum");
    assertThat(top.location().line()).isEqualTo(6);
    assertThat(top.share()).isCloseTo(0.8, within(1e-9));
    assertThat(top.call()).isNull();
    assertThat(report.functions().self().get(0).function()).isEqualTo("checksum");
    assertThat(report.functions().self().get(0).selfSeconds()).isCloseTo(0.8, within(1e-9));
    assertThat(report.breakdowns().byCategory()).singleElement()
        .satisfies(s -> assertThat(s.category()).isEqualTo(CodeCategory.APP));
  }

  @Test
  void blamesTheLibraryCallAndTheLineThatMakesItWhenALibraryDominatesCpu() {
    String lib = "/srv/venv/lib/python3.12/site-packages/slowparse/__init__.py";
    Stacks stacks = new Stacks()
        .add(100, 70, main(app("import_batch", 14), app(lib, "parse_record", 18), app(lib, "_split", 6)))
        .add(100, 20, main(app("import_batch", 14), app(lib, "parse_record", 19)))
        .add(100, 10, main(app("import_batch", 13)));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.CPU), SourceLines.NONE);
    ReportFinding top = report.headlineFinding().orElseThrow();

    assertThat(top.kind()).isEqualTo("cpu.library-call");
    assertThat(top.location().function()).isEqualTo("import_batch");
    assertThat(top.location().line()).isEqualTo(14);
    assertThat(top.call().function()).isEqualTo("parse_record");
    assertThat(top.call().category()).isEqualTo(CodeCategory.LIBRARY);
    assertThat(top.share()).isCloseTo(0.9, within(1e-9));
    assertThat(top.title()).isEqualTo("CPU in slowparse.parse_record called by import_batch");
    assertThat(share(report, CodeCategory.LIBRARY)).isCloseTo(0.9, within(1e-9));
    assertThat(share(report, CodeCategory.APP)).isCloseTo(0.1, within(1e-9));
    assertThat(report.breakdowns().byModule().get(0).name()).isEqualTo("slowparse");
    assertThat(report.diagnosis()).anyMatch(s -> s.startsWith("By whose code runs") && s.contains("library 90%"));
  }

  @Test
  void reportsWorkSpreadOverSeveralCallsAsOnePathEndingInTheCallingFunction() {
    Stacks stacks = new Stacks()
        .add(100, 30, main(app("handle", 10), std("json/__init__.py", "dumps", 231)))
        .add(100, 30, main(app("handle", 11), std("re/__init__.py", "match", 167)))
        .add(100, 30, main(app("handle", 12), lib("yaml/__init__.py", "safe_load", 125)))
        .add(100, 10, main(app("startup", 3)));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.CPU), SourceLines.NONE);

    ReportPath top = report.paths().get(0);
    assertThat(top.frames()).extracting(ReportFrame::function).containsExactly("<module>", "handle");
    assertThat(top.share()).isCloseTo(0.9, within(1e-9));
    assertThat(top.kind()).startsWith("cpu.");
    assertThat(report.findings().get(top.finding()).location().function()).isEqualTo("handle");
    assertThat(report.findings()).hasSize(4);
    assertThat(report.diagnosis()).anyMatch(s -> s.startsWith("Counting what it calls, the heaviest path ends in handle"));
  }

  @Test
  void notesRecognisedPatternsWithTheApplicationLineThatCausesThem() {
    Stacks stacks = new Stacks()
        .add(100, 60, main(app("parse_line", 31), std("re/__init__.py", "match", 167), std("re/__init__.py", "_compile", 307),
            std("re/_compiler.py", "compile", 745)))
        .add(100, 40, main(app("parse_line", 33)));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.CPU), SourceLines.NONE);
    ReportFinding top = report.headlineFinding().orElseThrow();

    assertThat(top.kind()).isEqualTo("cpu.stdlib-call");
    assertThat(top.notes()).anyMatch(n -> n.contains("compiling regular expressions"));
    assertThat(top.suggestion()).contains("re.compile");
    assertThat(report.patterns()).first().satisfies(p -> {
      assertThat(p.pattern()).isEqualTo("regex-compile");
      assertThat(p.share()).isCloseTo(0.6, within(1e-9));
      assertThat(p.location()).isEqualTo("parse_line (service.py:31)");
    });
  }

  @Test
  void breaksSamplesDownPerProcessAndThreadWithWhatEachThreadMostlyDid() {
    Stacks stacks = new Stacks()
        .add(100, 100, "MainThread", 30, main(app("handle", 8), sys("clock_nanosleep")))
        .add(100, 101, "worker-1", 50, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")))
        .add(100, 101, "worker-1", 10, thread(app("job", 4), sys("fsync")))
        .add(200, 200, "MainThread", 10, main(app("handle", 8), sys("clock_nanosleep")));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE);
    List<Report.ProcessRow> processes = report.breakdowns().processes();

    assertThat(report.profile().processes()).isEqualTo(2);
    assertThat(report.profile().threads()).isEqualTo(3);
    assertThat(processes).extracting(Report.ProcessRow::pid).containsExactly(100, 200);
    Report.ProcessRow first = processes.get(0);
    assertThat(first.samples()).isEqualTo(90);
    assertThat(first.seconds()).isCloseTo(0.9, within(1e-9));
    assertThat(first.threads()).extracting(Report.ThreadRow::tid).containsExactly(101, 100);
    Report.ThreadRow worker = first.threads().get(0);
    assertThat(worker.name()).isEqualTo("thread 101 (worker-1)");
    assertThat(worker.kind()).isEqualTo("idle.worker");
    assertThat(worker.kindShare()).isCloseTo(50 / 60.0, within(1e-9));
    assertThat(first.threads().get(1).kind()).isEqualTo("blocking.sleep");
    assertThat(first.threads().get(1).location()).isEqualTo("handle (service.py:8)");
    assertThat(report.breakdowns().bySyscall()).extracting(Report.Share::name)
        .containsExactly("futex", "clock_nanosleep", "fsync");
  }

  @Test
  void countsARecursiveFunctionOnceInItsInclusiveTime() {
    Stacks stacks = new Stacks()
        .add(100, 10, main(app("walk", 3), app("walk", 4), app("walk", 4), app("visit", 9)));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.CPU), SourceLines.NONE);

    Report.FunctionRow walk = report.functions().inclusive().stream().filter(f -> f.function().equals("walk")).findFirst()
        .orElseThrow();
    assertThat(walk.totalSamples()).isEqualTo(10);
    assertThat(walk.totalShare()).isCloseTo(1.0, within(1e-9));
    assertThat(walk.selfSamples()).isZero();
  }

  @Test
  void showsTheSourceLineOfTheApplicationFrameWhenItCanBeRead() {
    Stacks stacks = new Stacks().add(100, 10, main(app(PROCESSOR, "handle_by_script", 8), std("subprocess.py", "run", 550),
        sys("wait4")));
    SourceText sources = new SourceText().put(PROCESSOR, 8, "    result = subprocess.run([\"sleep\", \"0.2\"])");

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), sources);
    ReportFinding top = report.headlineFinding().orElseThrow();

    assertThat(top.location().code()).isEqualTo("result = subprocess.run([\"sleep\", \"0.2\"])");
    assertThat(top.message()).endsWith("/app/Processor.py line 8: result = subprocess.run([\"sleep\", \"0.2\"]).");
  }

  @Test
  void warnsThatABlockingCallInsideACoroutineStopsTheEventLoop() {
    Stacks stacks = new Stacks().add(100, 10, main(app("main", 40), std("asyncio/runners.py", "run", 194),
        std("asyncio/base_events.py", "BaseEventLoop.run_forever", 641),
        std("asyncio/base_events.py", "BaseEventLoop._run_once", 1987), std("asyncio/events.py", "Handle._run", 84),
        app("handle_order", 22), lib("requests/api.py", "get", 73), sys("recvfrom")));

    ReportFinding top = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE).headlineFinding()
        .orElseThrow();

    assertThat(top.kind()).isEqualTo("blocking.network");
    assertThat(top.notes()).anyMatch(n -> n.contains("blocks the asyncio event loop"));
  }

  @Test
  void mixesRunningAndWaitingSamplesInAWallClockProfile() {
    Stacks stacks = new Stacks()
        .add(100, 60, main(app("handle", 8), app("render", 30)))
        .add(100, 40, main(app("handle", 9), sys("clock_nanosleep")));

    Report report = GuidedAnalysis.analyse(stacks.profile(SampleMode.WALL), SourceLines.NONE);

    assertThat(report.findings()).extracting(ReportFinding::kind).containsExactly("cpu.hot-function", "blocking.sleep");
    assertThat(report.notes()).anyMatch(n -> n.startsWith("In wall-clock mode"));
  }

  @Test
  void notesACpuProfileThatHoldsLittleOfItsProcesssCpuTime() {
    Stacks stacks = new Stacks().add(100, 100, main(app("handle", 8), app("render", 30)));
    ProcessSummary mostlyNative = new ProcessSummary(100, "python app.py", "3.12.1", 100, 0, null, null, 0, null, null, null,
        null, new CpuAccount(2.5, 1.0));
    ProcessSummary nearlyAll = new ProcessSummary(101, "python app.py", "3.12.1", 100, 0, null, null, 0, null, null, null,
        null, new CpuAccount(2.5, 2.4));
    RecordedProfile profile = new RecordedProfile(SampleMode.CPU, 100, Duration.ofSeconds(10), stacks.tree(),
        List.of(mostlyNative, nearlyAll));

    Report report = GuidedAnalysis.analyse(profile, SourceLines.NONE);

    assertThat(report.notes()).filteredOn(n -> n.contains("CPU seconds")).containsExactly(
        "Process 100 used 2.50 CPU seconds and the profile holds 1.00 of them (40%): the rest ran in threads with no"
            + " Python stack (an extension's native threads) or in threads never seen running.");
  }

  @Test
  void givesTheSummaryAShortTitleAndAnEditorLocation() {
    String longName = "VeryLongServiceClassNameForTesting.handle_incoming_request_with_retries_and_backoff";
    Stacks stacks = new Stacks().add(100, 10, main(app(longName, 8), sys("clock_nanosleep")));

    Finding finding = GuidedAnalysis.analyse(stacks.profile(SampleMode.OFFCPU), SourceLines.NONE).headlineForSummary();

    assertThat(finding.kind()).isEqualTo("blocking.sleep");
    assertThat(finding.title().length()).isLessThanOrEqualTo(Texts.TITLE_LIMIT);
    assertThat(finding.location()).isEqualTo(longName + " (service.py:8)");
    assertThat(finding.share()).isEqualTo(1.0);
    assertThat(finding.suggestion()).isNotBlank();
  }

  @Test
  void saysThereIsNothingToAnalyseWhenNoSampleWasTaken() {
    RecordedProfile empty = new RecordedProfile(SampleMode.CPU, 100, Duration.ofSeconds(5), new CallTree(), List.of());

    Report report = GuidedAnalysis.analyse(empty, SourceLines.NONE);

    assertThat(report.headline()).isEqualTo(-1);
    assertThat(report.headlineForSummary()).isNull();
    assertThat(report.findings()).isEmpty();
    assertThat(report.diagnosis()).containsExactly("No samples were recorded, so there is nothing to analyse.");
  }

  private static Stacks idleWorkers(Stacks stacks, long weight) {
    return stacks.add(101, weight, thread(std("concurrent/futures/thread.py", "_worker", 89), sys("futex")));
  }

  private static double share(Report report, CodeCategory category) {
    return report.breakdowns().byCategory().stream().filter(s -> s.category() == category).mapToDouble(Report.Share::share)
        .sum();
  }
}
