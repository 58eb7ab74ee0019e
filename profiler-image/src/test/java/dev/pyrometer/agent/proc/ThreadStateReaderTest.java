package dev.pyrometer.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The states cpu and off-CPU modes read, against what the kernel's stat file says of real processes. */
class ThreadStateReaderTest {
  @Test
  void readRunningAgreesWithStatForABusyAndASleepingProcessAndSeesOneEnd() throws Exception {
    Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    Process sleeping = new ProcessBuilder("sleep", "600").start();
    try {
      int busyPid = (int) busy.pid();
      int sleepingPid = (int) sleeping.pid();
      awaitState(sleepingPid, 'S');
      try (ThreadStateReader busyStates = new ThreadStateReader(busyPid);
          ThreadStateReader sleepingStates = new ThreadStateReader(sleepingPid)) {
        for (int i = 0; i < 200; i++) {
          // a busy loop is R (on a CPU, or runnable) at every instant, a sleep S
          assertThat(busyStates.readRunning(busyPid).running()).as("busy, read %d", i).isTrue();
          assertThat(statLetter(busyPid)).isEqualTo('R');
          OsThreadState asleep = sleepingStates.readRunning(sleepingPid);
          assertThat(asleep.running()).as("sleeping, read %d", i).isFalse();
          assertThat(asleep).isNotEqualTo(OsThreadState.GONE);
          assertThat(statLetter(sleepingPid)).isEqualTo('S');
        }
        assertThat(sleepingStates.read(sleepingPid, true).syscallName()).isIn("clock_nanosleep", "nanosleep");
        sleeping.destroy();
        sleeping.waitFor();
        assertThat(sleepingStates.readRunning(sleepingPid)).isEqualTo(OsThreadState.GONE);
        assertThat(sleepingStates.read(sleepingPid, false)).isEqualTo(OsThreadState.GONE);
      }
    } finally {
      busy.destroyForcibly();
      sleeping.destroyForcibly();
    }
  }

  private static char statLetter(int pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  private static void awaitState(int pid, char state) throws Exception {
    for (int i = 0; i < 500 && statLetter(pid) != state; i++) {
      Thread.sleep(10);
    }
    assertThat(statLetter(pid)).isEqualTo(state);
  }
}
