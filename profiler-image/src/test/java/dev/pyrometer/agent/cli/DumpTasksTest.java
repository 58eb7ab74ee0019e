package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code dump} prints each event loop's task tree: awaiting tasks above the tasks they await, each with its chain. */
class DumpTasksTest {
  @ParameterizedTest(name = "Python 3.{0} {1}")
  @CsvSource({"8, PYENV_SHARED", "11, DEBIAN_STATIC", "14, DEBIAN_STATIC"})
  void printsEachLoopsTaskTree(int minor, Kind kind, @TempDir Path dir) throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(minor, kind), "asyncio_known_tasks.py", dir)) {
      String out = "";
      for (int attempt = 0; attempt < 10 && !out.contains("Task network"); attempt++) {
        out = AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out();
      }
      List<String> lines = out.lines().toList();
      int gatherer = lines.indexOf(lines.stream().filter(l -> l.startsWith("    Task gatherer ")).findFirst().orElseThrow());
      assertThat(out).contains("asyncio tasks:", "Event loop 0x");
      assertThat(lines.get(gatherer)).endsWith("awaits gather");
      assertThat(lines.get(gatherer + 1)).contains("gatherer (" + target.script() + ":" + target.lineOf("# L:gather") + ")");
      assertThat(lines.subList(gatherer + 2, gatherer + 10)).anyMatch(l -> l.startsWith("        Task gather-child-1 "));
      assertThat(lines).anyMatch(l -> l.startsWith("    Task network ") && l.endsWith("awaits network peer (StreamReader.readline)"));
      assertThat(out).contains("fetch_inventory (" + target.script() + ":" + target.lineOf("# L:readline") + ")");
    }
  }
}
