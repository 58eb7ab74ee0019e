package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CallHeavyStacksTest} as it happens in a pod: the packaged agent with the launcher's JVM
 * flags, in its own process, and the target running on another CPU while it is read (each is
 * pinned to one with taskset). There a walk of a cold agent spans tens of microseconds, and a
 * stack changing every 40 µs changes under most walks: this is where stacks get torn.
 */
class CallHeavyStacksIT {
  private static final Path LAUNCHER = Path.of("bin", "pyrometer").toAbsolutePath();

  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void onAnotherCpuEveryStackIsRealAndMostTicksAreKept(Interpreter python) throws Exception {
    boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
    try (PythonTarget target = PythonTarget.start(python, "call_heavy.py", dir, "40")) {
      if (pin) {
        assertThat(new ProcessBuilder("taskset", "-pc", "0", Long.toString(target.pid())).start().waitFor()).isZero();
      }
      Path out = dir.resolve("out");
      List<String> command = new ArrayList<>(pin ? List.of("taskset", "-c", "1") : List.of());
      command.addAll(List.of(LAUNCHER.toString(), "record", "--pid", Integer.toString(target.pid()), "--mode", "wall",
          "--duration", "3s", "--rate", "1000", "-o", out.toString()));
      Process agent = new ProcessBuilder(command).redirectErrorStream(true).start();
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(agent.getInputStream().readAllBytes());
      assertThat(agent.exitValue()).as(output).isZero();
      // frame objects (3.8-3.10) move when the stack changes: fewer walks from two reads succeed
      CallHeavyStacksTest.assertEveryStackRealAndMostKept(target, out, python.minor() >= 11 ? 0.7 : 0.2);
    }
  }
}
