package dev.pyrometer.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which processes are one program: a master with its workers, not a script and its child script. */
class ProgramGroupsTest {
  private static final String PY = "/usr/lib/x86_64-linux-gnu/libpython3.12.so.1.0";

  private static PythonProcessInfo p(int pid, String cmd) {
    return new PythonProcessInfo(pid, cmd, PY);
  }

  private static List<List<Integer>> groups(List<PythonProcessInfo> processes, Map<Integer, Integer> parents) {
    return ProgramGroups.of(processes, pid -> parents.getOrDefault(pid, 0)).stream().map(ProgramGroups.Program::pids).toList();
  }

  @Test
  void forkedWorkersWithTheSameCommandLineAreTheirMastersProgram() {
    String uwsgi = "uwsgi --http :8000 --processes 2 --module app";
    assertThat(groups(List.of(p(1, uwsgi), p(5, uwsgi), p(6, uwsgi)), Map.of(5, 1, 6, 1))).containsExactly(List.of(1, 5, 6));
  }

  @Test
  void retitledWorkersShareTheFirstWord() {
    assertThat(groups(List.of(p(1, "gunicorn: master [app]"), p(2, "gunicorn: worker [app]")), Map.of(2, 1)))
        .containsExactly(List.of(1, 2));
  }

  @Test
  void multiprocessingSpawnWorkersBelongToTheirParent() {
    assertThat(groups(List.of(p(1, "python3 train.py"),
        p(2, "python3 -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7) --multiprocessing-fork")),
        Map.of(2, 1))).containsExactly(List.of(1, 2));
  }

  @Test
  void aChildRunningAnotherScriptIsAProgramOfItsOwn() {
    // the demo as it was: the service started its own load generator, the same file with --load
    assertThat(groups(List.of(p(1, "python -u demo_app.py 8000"), p(2, "python -u demo_app.py --load 8000")), Map.of(2, 1)))
        .containsExactly(List.of(1), List.of(2));
  }

  @Test
  void unrelatedProcessesWithTheSameCommandLineAreSeparate() {
    assertThat(groups(List.of(p(1, "python worker.py"), p(2, "python worker.py")), Map.of()))
        .containsExactly(List.of(1), List.of(2));
  }

  @Test
  void anotherInterpreterIsAnotherProgram() {
    assertThat(groups(List.of(p(1, "app"), new PythonProcessInfo(2, "app", "/usr/bin/python3.11")), Map.of(2, 1)))
        .containsExactly(List.of(1), List.of(2));
  }
}
