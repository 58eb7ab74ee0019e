package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sampling a target whose stacks change all the time, fast: the agent must not crash, must count
 * what it drops (and keep most), and every frame it does report must be a real function of a real
 * file.
 */
class ChurnTest {
  private static final Pattern PYTHON_FRAME = Pattern.compile("^(.+) \\((.+):(\\d+)\\)$");
  private static final Set<String> WORKLOAD_FUNCTIONS =
      Set.of("descend", "numbers", "short_lived", "hop", "spawner", "event_loop", "<module>", "<listcomp>");

  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void neverCrashesAndNeverReportsGarbage(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "churn.py", dir)) {
      Path out = dir.resolve("out");
      AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "wall", "--duration", "1500ms",
          "--rate", "2000", "-o", out.toString()).assertOk();
      RunSummary summary = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
      ProcessSummary process = summary.processes().get(0);
      assertThat(process.samples()).isGreaterThan(500);
      // a 300-deep recursion that changes every few microseconds tears many walks: they are counted
      // and dropped, and most attempts must still succeed
      assertThat(process.dropped()).as(process.droppedByReason().toString()).isLessThan(process.samples());
      assertThat(process.droppedByReason()).doesNotContainKey("walker-error");

      Set<String> stdlibFiles = FoldedProfile.read(out.resolve("profile.folded")).stacks().stream()
          .flatMap(s -> s.frames().stream())
          .map(PYTHON_FRAME::matcher)
          .filter(Matcher::matches)
          .peek(m -> {
            if (m.group(2).equals("churn.py")) {
              String function = m.group(1).substring(m.group(1).lastIndexOf('.') + 1); // qualified names on 3.11+
              assertThat(WORKLOAD_FUNCTIONS).as(m.group()).contains(function);
              assertThat(Integer.parseInt(m.group(3))).as(m.group()).isBetween(1, 60);
            }
          })
          .map(m -> m.group(2))
          .filter(f -> !f.equals("churn.py") && !f.startsWith("<")) // <frozen os>, <string> of exec'd code
          .collect(Collectors.toSet());
      Path stdlib = python.minor() == 11 && python.kind() == TestPythons.Kind.DEBIAN_STATIC
          ? Path.of("/usr/lib/python3.11")
          : stdlibOf(python);
      assertThat(stdlibFiles).isNotEmpty().allSatisfy(f -> assertThat(stdlib.resolve(f)).as(f).exists());
    }
  }

  private static Path stdlibOf(Interpreter python) throws Exception {
    Process p = new ProcessBuilder(python.executable().toString(), "-c", "import os; print(os.path.dirname(os.__file__))").start();
    String dir = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return Path.of(dir);
  }
}
