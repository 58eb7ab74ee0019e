package dev.pyrometer.agent.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start as a new user meets it: {@code git clone} of this repository's HEAD into an
 * empty directory (nothing beside it: no {@code ../shared}, no build output), then
 * {@code examples/run-demo}, literally. The clone builds its own agent on this first run.
 */
class RunDemoFromFreshCloneIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path empty;

  @Test
  void runDemoWorksOnTheFirstRunOfAFreshClone() throws Exception {
    Path clone = empty.resolve("pyrometer");
    run(List.of("git", "clone", "--quiet", REPO.toString(), clone.toString()), empty, 120);
    assertThat(clone.resolve("profiler-image/target")).doesNotExist();
    assertThat(empty.resolve("shared")).doesNotExist();

    ProcessBuilder demo = new ProcessBuilder(clone.resolve("examples/run-demo").toString())
        .directory(clone.toFile())
        .redirectErrorStream(true);
    demo.environment().put("PYROMETER_DEMO_PORT", Integer.toString(freePort()));
    demo.environment().remove("PYROMETER_DEMO_OUT");
    Process process = demo.start();
    assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("run-demo finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes());

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("waits for a child process in handle_by_script")
        .contains("in your code: handle_by_script (demo_app.py:24)")
        .contains("hot code in checksum")
        .doesNotContain("\u001b[");
    Path out = clone.resolve("pyrometer-out/demo");
    for (String mode : List.of("offcpu", "cpu")) {
      assertThat(out.resolve(mode).resolve("report.html")).isNotEmptyFile();
      assertThat(out.resolve(mode).resolve("flamegraph.html")).isNotEmptyFile();
    }
  }

  private static void run(List<String> command, Path dir, int seconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
