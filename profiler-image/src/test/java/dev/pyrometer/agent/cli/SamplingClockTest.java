package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.CpuAccount;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SamplingClock;
import dev.pyrometer.contract.SummaryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary accounts for every tick of the sampling clock (sampled, missed or unreadable) and, in
 * cpu mode, for the process's CPU time (how much of it the profile holds: see CpuModeAccuracyTest).
 */
class SamplingClockTest {
  @TempDir Path dir;

  @Test
  void everySampledTickReadsEveryThreadOnce() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      // every thread of known_stack.py is parked in Python code once it prints READY
      long threads;
      try (Stream<Path> tasks = Files.list(Path.of("/proc", Integer.toString(target.pid()), "task"))) {
        threads = tasks.count();
      }
      Path out = dir.resolve("out");
      AgentRun run = AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "wall",
          "--duration", "1s", "--rate", "200", "-o", out.toString()).assertOk();
      RunSummary summary = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")));
      ProcessSummary process = summary.processes().get(0);
      SamplingClock clock = process.clock();
      assertThat(clock.requestedHz()).isEqualTo(200);
      assertThat(clock.ticksSampled()).isPositive();
      assertThat(clock.ticks()).isEqualTo(clock.ticksSampled() + clock.ticksMissed());
      // each readable tick gives one stack per thread, kept or dropped
      assertThat(process.samples() + process.dropped()).isEqualTo((clock.ticksSampled() - clock.ticksFailed()) * threads);
      // the rate is over the sampler's own window, which lies inside the recording
      assertThat(clock.achievedHz()).isPositive();
      assertThat(clock.ticksSampled() / clock.achievedHz()).isLessThanOrEqualTo(summary.elapsedSeconds() + 0.05);
      assertThat(run.out()).contains(RecordCommand.clockLine(clock));
    }
  }

  @Test
  void aCpuRecordingSaysHowMuchOfTheProcesssCpuTimeItHolds() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_share.py", dir)) {
      Path out = dir.resolve("out");
      AgentRun run = AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "cpu",
          "--duration", "1s", "--rate", "200", "-o", out.toString()).assertOk();
      ProcessSummary process = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json"))).processes().get(0);
      CpuAccount cpu = process.cpu();
      assertThat(cpu.profiledSeconds()).isCloseTo(process.samples() / 200.0, within(0.001));
      // every thread of cpu_share.py runs Python: the profile holds nearly all of the process's time
      assertThat(cpu.processSeconds()).isPositive().isCloseTo(cpu.profiledSeconds(), within(0.2 * cpu.processSeconds() + 0.03));
      assertThat(run.out()).contains(RecordCommand.cpuLine(cpu)).doesNotContain("no Python stack");
    }
  }

  @Test
  void ticksTheSamplerIsTooLateForAreCountedAsMissed() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "known_stack.py", dir)) {
      Path out = dir.resolve("out");
      // 100 kHz: a tick every 10 µs, shorter than a sleeping thread's wake-up (timer slack alone is 50 µs)
      AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "wall",
          "--duration", "1s", "--rate", "100000", "-o", out.toString()).assertOk();
      SamplingClock clock = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json")))
          .processes().get(0).clock();
      assertThat(clock.ticksMissed()).isPositive();
      assertThat(clock.ticks()).isEqualTo(clock.ticksSampled() + clock.ticksMissed());
      assertThat(clock.achievedHz()).isLessThan(100_000);
    }
  }
}
