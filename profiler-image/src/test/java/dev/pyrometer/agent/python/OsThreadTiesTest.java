package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.python.OsThreadTies.How;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallbacks that tie a thread state to its OS thread, on a real process's real thread states:
 * their own {@code native_thread_id} is the ground truth, and a stale id (as a forked uWSGI worker
 * has) must resolve to the same thread through the C library's {@code struct pthread}.
 */
class OsThreadTiesTest {
  private static final int STALE = 1; // pid 1 is never a thread of the target

  @TempDir
  Path dir;

  /** (recorded native id, pthread_t) of every thread state of the main interpreter. */
  private static List<long[]> threadStates(AttachedProcess p) throws Exception {
    PythonLayout layout = p.runtime().layout();
    try (LiveProcessMemory m = new LiveProcessMemory(p.pid())) {
      long interp = m.readLong(p.runtime().runtimeAddress() + layout.runtimeInterpretersHead);
      List<long[]> out = new ArrayList<>();
      for (long t = m.readLong(interp + layout.interpThreadsHead); t != 0 && out.size() < 64; t = m.readLong(t + layout.tstateNext)) {
        out.add(new long[] {m.readLong(t + layout.tstateNativeThreadId), m.readLong(t + layout.tstateThreadId)});
      }
      return out;
    }
  }

  private static Set<Integer> tids(int pid) {
    return new HashSet<>(ProcFs.tasks(pid));
  }

  @Test
  void aStaleRecordedIdFallsBackToTheThreadsPthreadStruct() throws Exception {
    var python = TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC);
    try (PythonTarget target = PythonTarget.start(python, "blocking.py", dir);
        AttachedProcess p = AttachedProcess.attach(target.pid());
        LiveProcessMemory memory = new LiveProcessMemory(target.pid())) {
      List<long[]> states = threadStates(p);
      assertThat(states).hasSizeGreaterThanOrEqualTo(4);
      OsThreadTies ties = new OsThreadTies(new ThreadIdResolver(memory, () -> tids(target.pid())), () -> tids(target.pid()));
      long now = System.nanoTime();
      for (long[] s : states) {
        int truth = (int) s[0];
        assertThat(ties.tie(truth, s[1], 0, now)).as("a live recorded id is used as is").isEqualTo(new OsThreadTies.Tie(truth, How.RECORDED));
        assertThat(ties.tie(STALE, s[1], 0, now)).as("a stale id (a fork's) resolves through struct pthread")
            .isEqualTo(new OsThreadTies.Tie(truth, How.PTHREAD));
      }
      assertThat(ties.tie(STALE, 0, 0, now)).as("several threads, nothing to go by: untied, never a guess")
          .isEqualTo(new OsThreadTies.Tie(0, How.UNTIED));
      assertThat(ties.counts()).containsEntry(How.UNTIED, 1L).containsEntry(How.PTHREAD, (long) states.size());
    }
  }

  @Test
  void aSingleThreadedProcessWithNothingToGoByIsItsOnlyThread() throws Exception {
    var python = TestPythons.require(11, TestPythons.Kind.DEBIAN_STATIC);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir);
        LiveProcessMemory memory = new LiveProcessMemory(target.pid())) {
      assertThat(tids(target.pid())).as("cpu_split.py runs one thread").containsExactly(target.pid());
      OsThreadTies ties = new OsThreadTies(new ThreadIdResolver(memory, () -> tids(target.pid())), () -> tids(target.pid()));
      assertThat(ties.tie(STALE, 0, 0, System.nanoTime())).isEqualTo(new OsThreadTies.Tie(target.pid(), How.SOLE_THREAD));
    }
  }

  @Test
  void aThreadBornAfterTheWalkReadTheLiveIdsIsStillTied() {
    // a thread per request: the walk reads the live ids for its first thread state, and a thread
    // state loaded later in the same walk can belong to a thread born in between
    Set<Integer> live = new HashSet<>(Set.of(10, 11));
    OsThreadTies ties = new OsThreadTies(new ThreadIdResolver(null, () -> new HashSet<>(live)), () -> new HashSet<>(live));
    long now = System.nanoTime();
    assertThat(ties.tie(11, 0, 0, now).how()).isEqualTo(How.RECORDED);
    live.add(12);
    assertThat(ties.tie(12, 0, 0, now)).as("same walk, newer thread").isEqualTo(new OsThreadTies.Tie(12, How.RECORDED));
  }
}
