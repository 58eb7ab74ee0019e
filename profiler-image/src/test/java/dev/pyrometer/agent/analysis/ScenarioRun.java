package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.Recorder;
import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.target.TargetSelector;
import dev.pyrometer.agent.testing.TestPythons;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One scenario program from {@code src/test/resources/scenarios/} running in a real CPython:
 * started in a copy of the scenarios directory, recorded by the real sampler, analysed.
 */
final class ScenarioRun implements AutoCloseable {
  private static final Path SCENARIOS = Path.of("src", "test", "resources", "scenarios");
  private static final long READY_SECONDS = 20;

  /** Where each recording's report.json and report.html are kept for a person to look at. */
  private static final Path KEPT = Path.of("target", "scenario-reports");

  private final Process process;
  private final Path script;
  private final String label;
  private final List<String> output = new ArrayList<>();

  private ScenarioRun(Process process, Path script, String label) {
    this.process = process;
    this.script = script;
    this.label = label;
  }

  /** Copies the scenarios into {@code dir}, starts {@code name} and waits until it prints READY. */
  static ScenarioRun start(TestPythons.Interpreter python, String name, Path dir) throws IOException {
    copyTree(SCENARIOS, dir);
    Path script = dir.resolve(name).toRealPath();
    Process process = new ProcessBuilder(python.executable().toString(), "-u", script.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String label = name.replace(".py", "") + "-3." + python.minor() + "-" + python.kind().label();
    ScenarioRun run = new ScenarioRun(process, script, label);
    run.awaitReady();
    return run;
  }

  /**
   * Samples a recording needs before its analysis is judged: a sampler starved of CPU by a loaded
   * machine (seconds between two ticks) gives a handful, and a handful decides nothing.
   */
  private static final long ENOUGH_SAMPLES = 30;
  private static final int ATTEMPTS = 3;

  /**
   * Records the program with the real sampler and analyses the profile, reading its source through
   * /proc. A recording with too few samples to judge (a starved sampler) is made again, at most
   * {@link #ATTEMPTS} times; the fullest one is analysed.
   */
  Recorded record(SampleMode mode, Duration duration) {
    RecordedProfile profile = recordOnce(mode, duration);
    for (int attempt = 1; attempt < ATTEMPTS && profile.tree().total() < ENOUGH_SAMPLES; attempt++) {
      RecordedProfile again = recordOnce(mode, duration);
      profile = again.tree().total() > profile.tree().total() ? again : profile;
    }
    Report report = GuidedAnalysis.analyse(profile);
    try {
      ReportWriter.write(report, profile, KEPT.resolve(label + "-" + mode.cliName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Recorded(profile, report);
  }

  private RecordedProfile recordOnce(SampleMode mode, Duration duration) {
    TargetSelector.Selection selection = TargetSelector.byPids(List.of((int) process.pid()));
    try {
      return new Recorder(selection.attached(), new Recorder.Options(mode, 100, duration)).record().profile();
    } finally {
      selection.attached().forEach(AttachedProcess::close);
    }
  }

  long pid() {
    return process.pid();
  }

  /** The script as the process ran it (the copy). */
  Path script() {
    return script;
  }

  /** The 1-based line of the script that contains the marker comment. */
  int lineOf(String marker) {
    try {
      List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no line with '" + marker + "' in " + script);
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread drain = new Thread(() -> {
      try {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          synchronized (output) {
            output.add(line);
          }
          if (line.equals("READY")) {
            ready.complete(true);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      ready.complete(false);
    }, "scenario-output");
    drain.setDaemon(true);
    drain.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    try {
      // poll, so a program that dies early fails at once even if a child keeps its output open
      while (!ready.isDone() && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (!ready.isDone() && !process.isAlive()) {
        Thread.sleep(200); // let the last lines of a traceback arrive
      }
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (!Boolean.TRUE.equals(ready.getNow(false))) {
      close();
      throw new IOException(script + " did not print READY"
          + (process.isAlive() ? " within " + READY_SECONDS + " s" : " before it exited") + ": " + output());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** A recording and its analysis. */
  record Recorded(RecordedProfile profile, Report report) {
    ReportFinding headline() {
      return report.headlineFinding().orElseThrow(() -> new AssertionError("no headline: " + ReportJson.toJson(report)));
    }

    /** The report as JSON, to print when an assertion fails. */
    String json() {
      return ReportJson.toJson(report);
    }
  }
}
