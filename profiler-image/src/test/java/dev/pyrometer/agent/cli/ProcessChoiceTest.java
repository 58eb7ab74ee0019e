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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --processes auto|all} on real processes: a pre-fork server (an idle master, two busy
 * workers) next to a client that is nearly always blocked, as the demo's load generator was. The
 * ground truth is which process burns CPU and which code each runs.
 */
class ProcessChoiceTest {
  @TempDir Path dir;

  private static List<Integer> serverPids(PythonTarget server) {
    List<Integer> pids = new ArrayList<>(List.of(server.pid()));
    server.process().descendants().forEach(d -> pids.add((int) d.pid()));
    return pids;
  }

  private static RunSummary summary(Path out) throws Exception {
    return SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
  }

  @Test
  void autoProfilesTheBusiestProgramWithAllItsWorkersAndNamesWhatItLeftOut() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    String tag = "choice-" + System.nanoTime();
    try (PythonTarget server = PythonTarget.start(python, "prefork_server.py", dir.resolve("s"), "2", tag);
        PythonTarget client = PythonTarget.start(python, "idle_client.py", dir.resolve("c"), tag)) {
      List<Integer> serverPids = serverPids(server);
      assertThat(serverPids).as("master and two forked workers").hasSize(3);
      Path out = dir.resolve("auto");
      AgentRun run = AgentRun.of("record", "--match", tag, "--processes", "auto", "--mode", "wall", "--duration", "2s",
          "-o", out.toString()).assertOk();

      RunSummary summary = summary(out);
      assertThat(summary.processes()).extracting(ProcessSummary::pid).containsExactlyInAnyOrderElementsOf(serverPids);
      assertThat(FoldedProfile.read(out.resolve("profile.folded")).through("process " + client.pid() + ": ")).isZero();
      assertThat(summary.message()).contains("left out: pid " + client.pid() + " (").contains("idle_client.py");
      assertThat(run.out()).contains("left out: pid " + client.pid());
      assertThat(summary.finding().location()).contains("prefork_server.py");
    }
  }

  @Test
  void allProfilesEveryProcessEachWithItsOwnHeadlineAndTheRunsHeadlineIsTheBusiestProgramsOne() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    String tag = "choice-all-" + System.nanoTime();
    try (PythonTarget server = PythonTarget.start(python, "prefork_server.py", dir.resolve("s"), "2", tag);
        PythonTarget client = PythonTarget.start(python, "idle_client.py", dir.resolve("c"), tag)) {
      Path out = dir.resolve("all");
      // off-CPU: the client's three blocked threads outweigh the server, whose workers run
      AgentRun.of("record", "--match", tag, "--processes", "all", "--mode", "offcpu", "--duration", "2s",
          "-o", out.toString()).assertOk();

      RunSummary summary = summary(out);
      assertThat(summary.processes()).hasSize(4);
      ProcessSummary clientSummary = summary.processes().stream().filter(p -> p.pid() == client.pid()).findFirst().orElseThrow();
      ProcessSummary master = summary.processes().stream().filter(p -> p.pid() == server.pid()).findFirst().orElseThrow();
      assertThat(clientSummary.finding()).as("the client's own headline").isNotNull();
      assertThat(clientSummary.finding().location()).contains("wait_for_answer (idle_client.py:" + client.lineOf("@client-waits") + ")");
      assertThat(master.finding()).as("the master's own headline").isNotNull();
      assertThat(master.finding().location()).contains("prefork_server.py");
      long clientSamples = clientSummary.samples();
      long serverSamples = summary.processes().stream().filter(p -> p.pid() != client.pid()).mapToLong(ProcessSummary::samples).sum();
      assertThat(clientSamples).as("the client dominates off-CPU").isGreaterThan(serverSamples);
      assertThat(summary.finding().location()).as("the run's headline comes from the busy server").contains("prefork_server.py");
    }
  }

  @Test
  void allIsTheCommandLineDefault() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    String tag = "choice-default-" + System.nanoTime();
    try (PythonTarget server = PythonTarget.start(python, "prefork_server.py", dir.resolve("s"), "1", tag);
        PythonTarget client = PythonTarget.start(python, "idle_client.py", dir.resolve("c"), tag)) {
      Path out = dir.resolve("default");
      AgentRun.of("record", "--match", tag, "--mode", "wall", "--duration", "1s", "-o", out.toString()).assertOk();
      assertThat(summary(out).processes()).extracting(ProcessSummary::pid).contains(client.pid(), server.pid()).hasSize(3);
    }
  }

  @Test
  void heapAutoSnapshotsTheLargestProcessByResidentMemory() throws Exception {
    Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    String tag = "choice-heap-" + System.nanoTime();
    try (PythonTarget small = PythonTarget.start(python, "idle_client.py", dir.resolve("c"), tag);
        PythonTarget large = PythonTarget.start(python, "idle_client.py", dir.resolve("l"), tag, "--ballast", "64")) {
      assertThat(dev.pyrometer.agent.proc.ProcFs.rssBytes(large.pid()))
          .as("ground truth from the kernel").isGreaterThan(dev.pyrometer.agent.proc.ProcFs.rssBytes(small.pid()) + (48L << 20));
      Path out = dir.resolve("heap");
      AgentRun run = AgentRun.of("heap", "--match", tag, "--processes", "auto", "-o", out.toString()).assertOk();
      RunSummary summary = summary(out);
      assertThat(summary.processes()).extracting(ProcessSummary::pid).containsExactly(large.pid());
      assertThat(summary.processes().get(0).heapBytes()).as("the ballast is a Python object").isGreaterThan(64L << 20);
      assertThat(summary.message()).contains("left out: pid " + small.pid());
      assertThat(summary.finding().location()).as("short: module.variable (type) size")
          .isEqualTo("__main__.BALLAST (bytearray) 64.0 MB").doesNotContain("/");
      assertThat(run.out()).isNotEmpty();
    }
  }
}
