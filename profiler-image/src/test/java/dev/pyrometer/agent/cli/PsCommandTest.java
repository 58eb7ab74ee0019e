package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PsCommandTest {
  @TempDir Path dir;

  @Test
  void listsPythonProcessesBusiestFirstWithVersionCpuAndMemory() throws Exception {
    try (PythonTarget busy = PythonTarget.start(TestPythons.require(9, Kind.PYENV_SHARED), "cpu_split.py", dir.resolve("a"));
        PythonTarget idle = PythonTarget.start(TestPythons.require(11, Kind.DEBIAN_STATIC), "known_stack.py", dir.resolve("b"))) {
      AgentRun run = AgentRun.of("ps", "--interval", "500").assertOk();
      List<String> lines = run.out().lines().toList();
      assertThat(lines.get(0)).contains("PID", "PYTHON", "%CPU", "RSS", "COMMAND");
      String busyLine = lineOf(lines, busy.pid());
      String idleLine = lineOf(lines, idle.pid());
      assertThat(busyLine).contains("3.9.18").contains("cpu_split.py");
      assertThat(idleLine).contains("3.11.").contains("known_stack.py");
      // the busy one burns what CPU it gets (less on a loaded machine); the idle one none
      assertThat(cpu(busyLine)).isGreaterThan(10);
      assertThat(cpu(idleLine)).isLessThan(5);
      assertThat(lines.indexOf(busyLine)).isLessThan(lines.indexOf(idleLine));
      assertThat(busyLine).matches(".*\\s\\d+\\.\\dM\\s.*");
    }
  }

  @Test
  void eachProcessIsMeasuredOverItsOwnIntervalSoABusyOneNeverExceedsOneCore() throws Exception {
    // Idle processes with lower pids come first in /proc: attaching to each of them (to read its
    // version) must not stretch the busy one's measuring interval.
    List<PythonTarget> idle = new java.util.ArrayList<>();
    try {
      int n = 0;
      for (TestPythons.Interpreter python : List.of(TestPythons.require(8, Kind.PYENV_SHARED),
          TestPythons.require(10, Kind.PYENV_SHARED), TestPythons.require(11, Kind.DEBIAN_STATIC),
          TestPythons.require(12, Kind.PYENV_SHARED), TestPythons.require(13, Kind.PYENV_SHARED))) {
        idle.add(PythonTarget.start(python, "known_stack.py", dir.resolve("idle" + n++)));
      }
      try (PythonTarget busy = PythonTarget.start(TestPythons.require(12, Kind.PYENV_SHARED), "cpu_split.py", dir.resolve("busy"))) {
        for (int round = 0; round < 3; round++) {
          List<String> lines = AgentRun.of("ps").assertOk().out().lines().toList();
          // one thread burning CPU is at most one core: 100 %, plus one 10 ms tick in 250 ms
          assertThat(cpu(lineOf(lines, busy.pid()))).as(String.join("\n", lines)).isGreaterThan(10).isLessThanOrEqualTo(105);
          for (PythonTarget t : idle) {
            assertThat(cpu(lineOf(lines, t.pid()))).isLessThan(5);
          }
        }
      }
    } finally {
      idle.forEach(PythonTarget::close);
    }
  }

  private static String lineOf(List<String> lines, int pid) {
    return lines.stream().filter(l -> l.trim().startsWith(pid + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("pid " + pid + " not listed in " + lines));
  }

  private static double cpu(String line) {
    return Double.parseDouble(line.trim().split("\\s+")[2]);
  }
}
