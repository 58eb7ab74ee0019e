package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.ExitReason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input ends with one clear line on stderr and its documented exit code, never a stack trace. */
class BadInputTest {
  @TempDir Path dir;

  @Test
  void aPidThatDoesNotExistIsProcessNotFound() {
    int pid = unusedPid();
    assertFails(AgentRun.of("dump", "--pid", Integer.toString(pid)), ExitReason.PROCESS_NOT_FOUND, "no process with pid " + pid);
    assertFails(AgentRun.of("record", "--pid", Integer.toString(pid), "--duration", "1s", "-o", dir.toString()),
        ExitReason.PROCESS_NOT_FOUND, "no process with pid " + pid);
  }

  @Test
  void aProcessThatIsNotPythonIsSaidSo() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      assertFails(AgentRun.of("dump", "--pid", Long.toString(sleep.pid())), ExitReason.NOT_PYTHON, "is not a Python process");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void aMatchThatFindsNothingIsProcessNotFound() {
    assertFails(AgentRun.of("record", "--match", "no-such-program-[0-9]{9}", "--duration", "1s", "-o", dir.toString()),
        ExitReason.PROCESS_NOT_FOUND, "no Python process has a command line matching");
  }

  @Test
  void aFailedRecordingStillWritesItsSummaryAndTerminationLog() throws Exception {
    Path log = dir.resolve("termination-log");
    AgentRun run = AgentRun.of("record", "--pid", Integer.toString(unusedPid()), "--duration", "1s",
        "-o", dir.resolve("out").toString(), "--termination-log", log.toString());
    assertThat(run.exitCode()).isEqualTo(ExitReason.PROCESS_NOT_FOUND.exitCode());
    assertThat(Files.readString(log)).contains("\"exitReason\":\"PROCESS_NOT_FOUND\"");
    assertThat(Files.readString(dir.resolve("out/summary.json"))).contains("PROCESS_NOT_FOUND");
  }

  @Test
  void anUnwritableOutputDirectoryIsRefusedBeforeSamplingWithTheReason() throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(12, TestPythons.Kind.PYENV_SHARED), "known_stack.py", dir.resolve("t"))) {
      String pid = Integer.toString(target.pid());
      Path file = Files.writeString(dir.resolve("a-file"), "x");
      // a path through a file, and a directory even root cannot write into (sysfs)
      for (String[] bad : new String[][] {{file.resolve("out").toString(), "not a directory"}, {"/sys/kernel", "permission denied"}}) {
        for (String command : new String[] {"record", "heap"}) {
          AgentRun run = AgentRun.of(command, "--pid", pid, "--duration", "5s", "-o", bad[0]);
          assertFails(run, ExitReason.INVALID_ARGUMENTS, "cannot write to the output directory " + bad[0] + ": " + bad[1]);
          assertThat(run.out()).as("nothing recorded").isEmpty();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "record --duration soon|is not a duration",
      "record --duration 0s|--duration must be more than 0",
      "record --rate 0|--rate must be between 1 and",
      "record --rate 1000000|--rate must be between 1 and",
      "record --mode sideways|Invalid value for option '--mode'",
      "record --match (unclosed|is not a valid regular expression",
      "record --pid 1 --match x|mutually exclusive",
      "record --pid -4|--pid takes positive process ids",
      "record --pid abc|Invalid value for option '--pid'",
      "dump|Missing required argument",
      "frobnicate|Unmatched argument"})
  void invalidArgumentsAreRejectedInOneLine(String args, String message) {
    assertFails(AgentRun.of(args.split(" ")), ExitReason.INVALID_ARGUMENTS, message);
  }

  @Test
  void aCoreFileThatCannotBeReadIsUnreadableCore() throws Exception {
    Path missing = dir.resolve("nope.core");
    assertFails(AgentRun.of("dump", "--core", missing.toString()), ExitReason.UNREADABLE_CORE, "no such file");
    Path garbage = dir.resolve("garbage.core");
    Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertFails(AgentRun.of("dump", "--core", garbage.toString()), ExitReason.UNREADABLE_CORE, "cannot read core file");
    Path notCore = dir.resolve("program");
    Files.copy(Path.of("/bin/ls"), notCore);
    assertFails(AgentRun.of("dump", "--core", notCore.toString()), ExitReason.UNREADABLE_CORE, "not a core dump");
    Path truncated = dir.resolve("truncated.core");
    byte[] elfHeaderOnly = Files.readAllBytes(Path.of("/bin/ls"));
    Files.write(truncated, java.util.Arrays.copyOf(elfHeaderOnly, 40));
    assertFails(AgentRun.of("dump", "--core", truncated.toString()), ExitReason.UNREADABLE_CORE, "truncated");
  }

  static void assertFails(AgentRun run, ExitReason reason, String message) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(reason.exitCode());
    assertThat(run.err()).as(run.toString()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.err().lines().filter(l -> l.startsWith("pyrometer:"))).as(run.toString()).hasSize(1);
  }

  static int unusedPid() {
    for (int pid = 3_999_999; ; pid--) {
      if (!Files.exists(Path.of("/proc", Integer.toString(pid)))) {
        return pid;
      }
    }
  }
}
