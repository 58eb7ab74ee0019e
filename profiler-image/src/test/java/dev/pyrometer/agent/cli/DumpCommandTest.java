package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.DumpOutput;
import dev.pyrometer.agent.testing.DumpOutput.DumpedThread;
import dev.pyrometer.agent.testing.DumpOutput.Frame;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pyrometer dump --pid} against every supported interpreter, checked against a workload
 * whose threads are parked at known lines.
 */
class DumpCommandTest {
  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void showsEveryThreadWithItsFunctionsAndLines(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      AgentRun run = AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk();
      DumpOutput dump = DumpOutput.parse(run.out());
      assertThat(run.out()).contains("Python 3." + python.minor() + ".");
      assertThat(dump.threads()).as(run.out()).hasSize(5);

      DumpedThread alpha = dump.threadRunning("beta_wait");
      assertFrame(alpha.first("beta_wait"), "known_stack.py", target.lineOf("@beta-waits"));
      assertFrame(alpha.first("alpha_wait"), "known_stack.py", target.lineOf("@alpha-calls-beta"));
      assertThat(alpha.frames().indexOf(alpha.first("beta_wait")))
          .isLessThan(alpha.frames().indexOf(alpha.first("alpha_wait"))); // innermost first

      DumpedThread main = dump.threadRunning("main_sleeps");
      assertFrame(main.first("main_sleeps"), "known_stack.py", target.lineOf("@main-sleeps"));
      assertThat(main.tid()).isEqualTo(target.pid());
      assertThat(main.state()).startsWith("idle in ");

      String method = python.minor() >= 11 ? "Worker.run_loop" : "run_loop";
      assertFrame(dump.threadRunning(method).first(method), "known_stack.py", target.lineOf("@worker-waits"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void walksARecursion100Deep(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      DumpOutput dump = DumpOutput.parse(AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out());
      DumpedThread deep = dump.threadRunning("recurse");
      assertThat(deep.count("recurse")).isEqualTo(101);
      List<Frame> recursion = deep.frames().stream().filter(f -> f.function().equals("recurse")).toList();
      assertThat(recursion.get(0).line()).isEqualTo(target.lineOf("@recurse-bottom"));
      assertThat(recursion.subList(1, 101)).allSatisfy(f -> assertThat(f.line()).isEqualTo(target.lineOf("@recurse-step")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void decodesNonAsciiFunctionAndFileNames(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      DumpOutput dump = DumpOutput.parse(AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out());
      DumpedThread unicode = dump.threadRunning("処理");
      Path module = target.script().resolveSibling("módulo_ñ.py");
      // the CJK function is compiled from a string: its lines count from the string's first line
      int inSource = PythonTarget.lineOf(module, "@cjk-waits") - PythonTarget.lineOf(module, "SOURCE = \"\"\"") + 1;
      assertFrame(unicode.first("処理"), "ファイル📈.py", inSource);
      assertFrame(unicode.first("función_ü"), "módulo_ñ.py", PythonTarget.lineOf(module, "@unicode-calls-cjk"));
    }
  }

  private static void assertFrame(Frame frame, String fileName, int line) {
    assertThat(frame.fileName()).as(frame.toString()).isEqualTo(fileName);
    assertThat(frame.line()).as(frame.toString()).isEqualTo(line);
  }
}
