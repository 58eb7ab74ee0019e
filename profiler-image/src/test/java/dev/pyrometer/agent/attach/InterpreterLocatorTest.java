package dev.pyrometer.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.DumpOutput;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code _PyRuntime} is found: symbol, {@code .PyRuntime} section, or a scan for the debug cookie. */
class InterpreterLocatorTest {
  @TempDir Path dir;

  @Test
  void findsTheRuntimeBySymbolInASharedLibpython() throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(12, Kind.PYENV_SHARED), "known_stack.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid())) {
      assertThat(process.runtime().locatedBy()).isEqualTo("symbol _PyRuntime");
      assertThat(process.runtime().modulePath()).contains("libpython3.12");
    }
  }

  /**
   * 3.12's code-creation counter, which lets the sampler trust cached code objects while it stays
   * still: found by its symbol, and it moves by exactly the code objects the target creates.
   */
  @Test
  void findsThe312CodeCreationCounterThatMovesWithEachNewCodeObject() throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(12, Kind.PYENV_SHARED), "compiles_on_request.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid());
        LiveProcessMemory memory = new LiveProcessMemory(target.pid())) {
      long counter = process.runtime().codeCounterAddress();
      assertThat(counter).isNotZero();
      int before = memory.readInt(counter);
      var stdin = target.process().outputWriter();
      stdin.write("25\n");
      stdin.flush();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!target.output().contains("DONE 25") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(target.output()).contains("DONE 25");
      assertThat(memory.readInt(counter) - before).isEqualTo(25);
    }
  }

  @Test
  void hasNoCodeCreationCounterOutside312() throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(13, Kind.PYENV_SHARED), "known_stack.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid())) {
      assertThat(process.runtime().codeCounterAddress()).isZero();
    }
  }

  @Test
  void findsTheRuntimeOfAStaticStrippedDistroBuild() throws Exception {
    try (PythonTarget target = PythonTarget.start(TestPythons.require(11, Kind.DEBIAN_STATIC), "known_stack.py", dir);
        AttachedProcess process = AttachedProcess.attach(target.pid())) {
      assertThat(process.runtime().modulePath()).isEqualTo("/usr/bin/python3.11");
      assertThat(process.runtime().version().minor()).isEqualTo(11);
    }
  }

  @Test
  void scansForTheDebugCookieWhenTheBinaryHasNoSectionHeadersAtAll() throws Exception {
    Interpreter debian = TestPythons.require(14, Kind.DEBIAN_STATIC);
    Path home = debian.executable().toRealPath().getParent().getParent();
    // a copy of the interpreter with its section header table erased: no symbols, no .PyRuntime
    Path binary = dir.resolve("python3.14-nosections");
    Files.copy(debian.executable().toRealPath(), binary);
    try (RandomAccessFile elf = new RandomAccessFile(binary.toFile(), "rw")) {
      elf.seek(0x28);
      elf.write(new byte[8]); // e_shoff
      elf.seek(0x3c);
      elf.write(new byte[4]); // e_shnum, e_shstrndx
    }
    Path launcher = dir.resolve("python-nosections.sh");
    Files.writeString(launcher, "#!/bin/sh\nPYTHONHOME=" + home + " exec " + binary + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));

    Interpreter stripped = new Interpreter(14, launcher, Kind.DEBIAN_STATIC);
    try (PythonTarget target = PythonTarget.start(stripped, "known_stack.py", dir.resolve("work"));
        AttachedProcess process = AttachedProcess.attach(target.pid())) {
      assertThat(process.runtime().locatedBy()).isEqualTo("scan for the _Py_DebugOffsets cookie");
      assertThat(process.runtime().version().toString()).startsWith("3.14.");
      DumpOutput dump = DumpOutput.parse(AgentRun.of("dump", "--pid", Integer.toString(target.pid())).assertOk().out());
      assertThat(dump.threadRunning("beta_wait").first("beta_wait").line()).isEqualTo(target.lineOf("@beta-waits"));
    }
  }
}
