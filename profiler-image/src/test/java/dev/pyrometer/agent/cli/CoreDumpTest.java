package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.DumpOutput;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import dev.pyrometer.contract.ExitReason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pyrometer dump --core} on core files written by gdb's {@code gcore} from a known state:
 * the same threads, functions and lines as the live process, for each frame model and build kind.
 */
class CoreDumpTest {
  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return Stream.of(
        TestPythons.require(8, Kind.PYENV_SHARED), // frame objects, pthread -> tid calibration
        TestPythons.require(11, Kind.DEBIAN_STATIC), // static, stripped
        TestPythons.require(12, Kind.PYENV_SHARED), // cframe, shim frames
        TestPythons.require(13, Kind.PYENV_SHARED)); // debug offsets
    // Not 3.14/3.15: Debian's builds here run on a private, newer glibc whose thread stacks gcore
    // writes as zeros (gdb shows the same zeros reading its own core), and 3.14+ keeps each
    // thread's entry frame on that C stack.
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void readsBackTheStacksOfTheDumpedProcess(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      Path core = gcore(target.pid());
      DumpOutput live = DumpOutput.parse(AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out());
      AgentRun run = AgentRun.of("dump", "--core", core.toString()).assertOk();
      DumpOutput dumped = DumpOutput.parse(run.out());
      assertThat(run.out()).contains("process " + target.pid()).contains("Python 3." + python.minor());
      assertThat(dumped.threads()).hasSize(5);
      assertThat(dumped.threadRunning("beta_wait").first("beta_wait").line()).isEqualTo(target.lineOf("@beta-waits"));
      assertThat(dumped.threadRunning("recurse").count("recurse")).isEqualTo(101);
      assertThat(dumped.threadRunning("main_sleeps").tid()).isEqualTo(target.pid());
      for (String function : new String[] {"beta_wait", "recurse", "main_sleeps", "処理"}) {
        assertThat(dumped.threadRunning(function).frames()).isEqualTo(live.threadRunning(function).frames());
        assertThat(dumped.threadRunning(function).tid()).isEqualTo(live.threadRunning(function).tid());
      }
      assertThat(dumped.threadRunning("main_sleeps").state()).startsWith("idle in ");
    }
  }

  /**
   * The core of an asyncio process holds its tasks: {@code dump --core} prints each loop's task
   * tree, the same as {@code dump --pid} printed for the live process (whose tasks stay suspended).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void printsTheTaskTreeTheCoreHolds(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "asyncio_known_tasks.py", dir)) {
      String live = "";
      for (int attempt = 0; attempt < 10 && !live.contains("Task network"); attempt++) {
        live = AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out();
      }
      Path core = gcore(target.pid());
      String dumped = AgentRun.of("dump", "--core", core.toString()).assertOk().out();
      String tasks = tasksSection(dumped);
      assertThat(tasks).as(python + ": task tree from the core").isEqualTo(tasksSection(live));
      assertThat(tasks).contains("Event loop 0x", "Task gatherer ", "Task gather-child-1 ")
          .contains("fetch_inventory (" + target.script() + ":" + target.lineOf("# L:readline") + ")");
      assertThat(tasks.lines()).anyMatch(l -> l.startsWith("    Task network ") && l.endsWith("awaits network peer (StreamReader.readline)"));
    }
  }

  private static String tasksSection(String dump) {
    int at = dump.indexOf("asyncio tasks:");
    assertThat(at).as("an asyncio tasks section in:%n%s", dump).isNotNegative();
    return dump.substring(at);
  }

  @Test
  void refusesPreReleaseFreeThreadedAndTooNewVersionsByName() throws Exception {
    Interpreter python = TestPythons.require(13, Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      Path core = gcore(target.pid());
      // the version lives in the process's own _Py_DebugOffsets: cookie, PY_VERSION_HEX, free_threaded
      assertRefused(patched(core, "alpha", 8, 0x030d00a2L), "Python 3.13.0a2", "pre-release");
      assertRefused(patched(core, "free-threaded", 16, 1L), "Python 3.13.0", "free-threaded build");
      assertRefused(patched(core, "too-new", 8, 0x031000f0L), "Python 3.16.0", "is not supported");
    }
  }

  private static void assertRefused(Path core, String version, String why) {
    AgentRun run = AgentRun.of("dump", "--core", core.toString());
    BadInputTest.assertFails(run, ExitReason.UNSUPPORTED_PYTHON_VERSION, version);
    assertThat(run.err()).contains(why);
  }

  /** A copy of the core with a u64 changed at {@code offset} bytes past every debug-offsets cookie. */
  private Path patched(Path core, String name, int offset, long value) throws IOException {
    Path copy = dir.resolve(name + ".core");
    Files.copy(core, copy);
    byte[] bytes = Files.readAllBytes(copy);
    byte[] cookie = "xdebugpy".getBytes(StandardCharsets.US_ASCII);
    int patchedCount = 0;
    try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
      for (int i = 0; i + 24 <= bytes.length; i += 8) {
        if (bytes[i] == 'x' && java.util.Arrays.equals(bytes, i, i + 8, cookie, 0, 8)) {
          file.seek(i + offset);
          file.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array());
          patchedCount++;
        }
      }
    }
    assertThat(patchedCount).as("debug offsets found in the core").isPositive();
    return copy;
  }

  private Path gcore(int pid) throws IOException, InterruptedException {
    Path prefix = dir.resolve("core");
    Process gdb;
    try {
      gdb = new ProcessBuilder("gcore", "-o", prefix.toString(), Integer.toString(pid)).redirectErrorStream(true).start();
    } catch (IOException e) {
      TestPythons.missing("gcore (Debian package gdb)");
      throw e;
    }
    String output = new String(gdb.getInputStream().readAllBytes());
    assertThat(gdb.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Path core = dir.resolve("core." + pid);
    assertThat(core).as(output).exists();
    return core;
  }
}
