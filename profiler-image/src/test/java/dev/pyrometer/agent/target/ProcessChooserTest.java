package dev.pyrometer.agent.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choice among processes, from a scripted /proc: parents, CPU ticks and resident memory. */
class ProcessChooserTest {
  private static final String PY = "/usr/lib/x86_64-linux-gnu/libpython3.12.so.1.0";

  /** ticks[pid] = {before, after}; rss in MiB; parents by pid. */
  private static ProcessChooser.Probe probe(Map<Integer, long[]> ticks, Map<Integer, Long> rssMib, Map<Integer, Integer> parents) {
    boolean[] slept = {false};
    return new ProcessChooser.Probe() {
      @Override
      public long cpuTicks(int pid) {
        return ticks.getOrDefault(pid, new long[] {0, 0})[slept[0] ? 1 : 0];
      }

      @Override
      public long rssBytes(int pid) {
        return rssMib.getOrDefault(pid, 0L) << 20;
      }

      @Override
      public int parentPid(int pid) {
        return parents.getOrDefault(pid, 1);
      }

      @Override
      public void sleep(Duration d) {
        slept[0] = true;
      }
    };
  }

  private static PythonProcessInfo p(int pid, String cmd) {
    return new PythonProcessInfo(pid, cmd, PY);
  }

  // gunicorn (master 10, workers 11 and 12, retitled), and a load generator 20
  private final List<PythonProcessInfo> pod = List.of(
      p(10, "gunicorn: master [shop:app]"), p(11, "gunicorn: worker [shop:app]"), p(12, "gunicorn: worker [shop:app]"),
      p(20, "python loadgen.py --rate 50"));
  private final Map<Integer, Integer> parents = Map.of(11, 10, 12, 10, 10, 1, 20, 1);

  @Test
  void autoTakesTheBusiestProgramWithItsMasterAndWorkers() {
    // each worker is less busy than the load generator, the server together more
    var ticks = Map.of(10, new long[] {100, 100}, 11, new long[] {500, 520}, 12, new long[] {600, 618}, 20, new long[] {50, 75});
    ProcessChooser.Choice choice = new ProcessChooser(probe(ticks, Map.of(), parents)).choose(pod, ProcessPolicy.AUTO, ProcessPolicy.Measure.CPU);

    assertThat(choice.chosen()).extracting(PythonProcessInfo::pid).containsExactly(11, 12, 10);
    assertThat(choice.leftOut()).extracting(PythonProcessInfo::pid).containsExactly(20);
    assertThat(choice.primary()).isEqualTo(choice.chosen());
    assertThat(choice.note()).startsWith("profiled the busiest program by CPU (3 processes): pid 11 (gunicorn: worker [shop:app], 40% CPU)")
        .contains("left out: pid 20 (python loadgen.py --rate 50, 50% CPU)");
  }

  @Test
  void allKeepsEveryProcessBusiestProgramFirstAndItIsThePrimary() {
    var ticks = Map.of(11, new long[] {0, 5}, 20, new long[] {0, 30});
    ProcessChooser.Choice choice = new ProcessChooser(probe(ticks, Map.of(), parents)).choose(pod, ProcessPolicy.ALL, ProcessPolicy.Measure.CPU);

    assertThat(choice.chosen()).extracting(PythonProcessInfo::pid).containsExactly(20, 11, 10, 12);
    assertThat(choice.primary()).extracting(PythonProcessInfo::pid).containsExactly(20);
    assertThat(choice.leftOut()).isEmpty();
    assertThat(choice.note()).isNull();
  }

  @Test
  void memoryTakesTheLargestSingleProcess() {
    ProcessChooser.Choice choice = new ProcessChooser(probe(Map.of(), Map.of(10, 80L, 11, 300L, 12, 250L, 20, 40L), parents))
        .choose(pod, ProcessPolicy.AUTO, ProcessPolicy.Measure.RSS);

    assertThat(choice.chosen()).extracting(PythonProcessInfo::pid).containsExactly(11);
    assertThat(choice.note()).startsWith("profiled the largest process by resident memory: pid 11 (gunicorn: worker [shop:app], 300 MiB)");
  }

  @Test
  void whenAllAreIdleTheLargerProgramWins() {
    ProcessChooser.Choice choice = new ProcessChooser(probe(Map.of(), Map.of(), parents)).choose(pod, ProcessPolicy.AUTO, ProcessPolicy.Measure.CPU);

    assertThat(choice.chosen()).extracting(PythonProcessInfo::pid).containsExactlyInAnyOrder(10, 11, 12);
  }

  @Test
  void aSingleProcessIsTakenWithoutMeasuringOrANote() {
    ProcessChooser.Choice choice = new ProcessChooser(probe(Map.of(), Map.of(), parents))
        .choose(List.of(p(7, "python app.py")), ProcessPolicy.AUTO, ProcessPolicy.Measure.CPU);

    assertThat(choice.chosen()).extracting(PythonProcessInfo::pid).containsExactly(7);
    assertThat(choice.note()).isNull();
  }

  @Test
  void commandLinesAreShownWithoutTheirDirectories() {
    assertThat(ProcessChooser.shortCommand("/root/.pyenv/versions/3.12.1/bin/python3.12 -u /srv/app/demo_app.py --load 8000"))
        .isEqualTo("python3.12 -u demo_app.py --load 8000");
  }
}
