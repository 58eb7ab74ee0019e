package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent as users run it: {@code bin/pyrometer} over the shaded jar, in its own
 * process, so that signals, exit codes and user permissions are the real ones.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin", "pyrometer").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void sigtermEndsTheRecordingAndEverythingIsStillWritten() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir)) {
      Path out = dir.resolve("out");
      Process agent = new ProcessBuilder(LAUNCHER.toString(), "record", "--pid", Integer.toString(target.pid()),
          "--duration", "10m", "--mode", "cpu", "-o", out.toString()).redirectErrorStream(true).start();
      Thread.sleep(2500);
      long signalled = System.nanoTime();
      // SIGTERM, as Kubernetes sends (the launcher execs java, so this is the JVM)
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(agent.pid())).start().waitFor()).isZero();
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = new String(agent.getInputStream().readAllBytes());
      assertThat(agent.exitValue()).as(output).isZero();
      assertThat((System.nanoTime() - signalled) / 1e9).as("stops promptly").isLessThan(15);
      RunSummary summary = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
      assertThat(summary.exitReason()).isEqualTo(ExitReason.INTERRUPTED);
      assertThat(FoldedProfile.read(out.resolve("profile.folded")).through("hot (")).isGreaterThan(10);
      assertThat(out.resolve("flamegraph.html")).isNotEmptyFile();
    }
  }

  @Test
  void withoutPtraceAccessTheErrorSaysWhatIsNeeded() throws Exception {
    requireTool("setpriv");
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir)) {
      // the agent as an unprivileged user, the target owned by root: the kernel refuses
      Path tmp = Files.createTempDirectory("pyrometer-nobody");
      tmp.toFile().setWritable(true, false);
      Process agent = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          "env", "HOME=" + tmp, "JAVA_OPTS=-Djava.io.tmpdir=" + tmp, LAUNCHER.toString(),
          "dump", "--pid", Integer.toString(target.pid()))).start();
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = new String(agent.getErrorStream().readAllBytes()).strip();
      assertThat(agent.exitValue()).as(err).isEqualTo(ExitReason.PERMISSION_DENIED.exitCode());
      assertThat(err).startsWith("pyrometer: permission denied").contains("CAP_SYS_PTRACE").doesNotContain("\tat ");
      assertThat(err.lines()).hasSize(1);
    }
  }

  @Test
  void psAsAnotherUserSaysHowManyProcessesItCouldNotReadAndWhy() throws Exception {
    requireTool("setpriv");
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      Path tmp = Files.createTempDirectory("pyrometer-nobody");
      tmp.toFile().setWritable(true, false);
      Process agent = new ProcessBuilder(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
          "env", "HOME=" + tmp, "JAVA_OPTS=-Djava.io.tmpdir=" + tmp, LAUNCHER.toString(), "ps")).start();
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(agent.getInputStream().readAllBytes());
      String err = new String(agent.getErrorStream().readAllBytes()).strip();
      assertThat(agent.exitValue()).as(out + err).isZero();
      // root's python (the target) is not listed, and the note says so and why
      assertThat(out).doesNotContain(" " + target.pid() + " ");
      assertThat(err).matches("pyrometer: \\d+ process(es)? not readable \\(permission denied: run as their user or with CAP_SYS_PTRACE\\), \\d+ of them named python");
      assertThat(err.lines()).hasSize(1);
    }
  }

  @Test
  void badArgumentsExitWithTheDocumentedCodeFromTheLauncher() throws Exception {
    Process agent = new ProcessBuilder(LAUNCHER.toString(), "record", "--rate", "0").start();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).isEqualTo(ExitReason.INVALID_ARGUMENTS.exitCode());
    assertThat(new String(agent.getErrorStream().readAllBytes())).startsWith("pyrometer: --rate must be between");
  }

  @Test
  void theClassDataArchiveAndJnasLibraryAreBuiltAndTheLauncherUsesThem() throws Exception {
    // The image's layout (bin/ and lib/), the archive built as the Dockerfile builds it: the start
    // up path must come from the archive, picocli's pre-Java-6 class files included (a dynamic
    // archive leaves them out, and parsing them was most of the time to the first sample).
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    Path image = dir.resolve("image");
    Files.createDirectories(image.resolve("bin"));
    Files.createDirectories(image.resolve("lib"));
    Files.copy(LAUNCHER, image.resolve("bin/pyrometer"));
    Files.copy(Path.of("target", "pyrometer.jar"), image.resolve("lib/pyrometer.jar"));
    ProcessBuilder build = new ProcessBuilder(Path.of("tools", "build-cds-archive").toAbsolutePath().toString(),
        image.resolve("lib/pyrometer.jar").toString()).redirectErrorStream(true);
    build.environment().put("PYTHON", python.executable().toString());
    Process builder = build.start();
    String built = new String(builder.getInputStream().readAllBytes());
    assertThat(builder.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(builder.exitValue()).as(built).isZero();
    assertThat(image.resolve("lib/pyrometer.jsa")).isNotEmptyFile();
    assertThat(image.resolve("lib/libjnidispatch.so")).isNotEmptyFile();

    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      ProcessBuilder run = new ProcessBuilder(image.resolve("bin/pyrometer").toString(), "record", "--pid",
          Integer.toString(target.pid()), "--mode", "wall", "--duration", "1s", "-o", dir.resolve("out").toString())
          .redirectErrorStream(true);
      run.environment().put("JAVA_OPTS", "-Xlog:class+load=info -Djna.debug_load.jna=true");
      Process agent = run.start();
      List<String> lines = new String(agent.getInputStream().readAllBytes()).lines().toList();
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))).isZero();
      for (String type : List.of("picocli.CommandLine ", "dev.pyrometer.agent.cli.Pyrometer ",
          "dev.pyrometer.agent.python.StackWalker ", "dev.pyrometer.agent.attach.InterpreterLocator ")) {
        assertThat(lines).as(type).anyMatch(l -> l.contains(type) && l.contains("source: shared objects file"));
      }
      long fromJar = lines.stream().filter(l -> l.contains("source: file:") && l.contains("pyrometer.jar")).count();
      // the training run records too: only what this target has and that one had not may be missing
      assertThat(fromJar).as("classes read from the jar rather than the archive").isLessThan(10);
      // report.json and summary.json are streamed: data binding's start-up cost is not paid
      assertThat(lines).as("data binding loaded by a recording").noneMatch(l -> l.contains("com.fasterxml.jackson.databind."));
      assertThat(dir.resolve("out/report.json")).isNotEmptyFile();
      // JNA's native part from beside the jar, not unpacked into a temporary file at every start
      assertThat(lines).as("JNA's library").contains("INFO: Found jnidispatch at " + image.resolve("lib/libjnidispatch.so"));
    }
  }

  static void requireTool(String tool) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    if (which.waitFor() != 0) {
      TestPythons.missing(tool + " (from util-linux)");
    }
  }
}
