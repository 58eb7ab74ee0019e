package dev.pyrometer.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The arithmetic of cpu-mode weights: CPU time consumed, in intervals, on running stacks only. */
class CpuTimeWeightsTest {
  private static final long MS = 1_000_000L;

  @Test
  void aThreadFirstSeenSetsItsBaselineAndThenWeighsWhatItConsumed() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    assertThat(w.weigh(7, 5_000 * MS, true)).as("baseline").isZero();
    assertThat(w.weigh(7, 5_030 * MS, true)).as("30 ms of CPU = 3 intervals").isEqualTo(3);
    assertThat(w.weigh(7, 5_030 * MS, true)).as("runnable, but consumed nothing: waiting for a core").isZero();
  }

  @Test
  void cpuTimeConsumedWhileSeenAsleepGoesToTheNextRunningObservation() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    w.weigh(7, 0, true);
    assertThat(w.weigh(7, 20 * MS, false)).as("computed, then seen asleep").isZero();
    assertThat(w.weigh(7, 20 * MS, false)).isZero();
    assertThat(w.weigh(7, 30 * MS, true)).as("all 30 ms on the running stack").isEqualTo(3);
  }

  @Test
  void aThreadNotReadWhileAsleepWeighsWhatAThreadReadEveryTickWeighs() {
    // the sampler reads a not-running thread only until it has a baseline: the reads it skips
    // must not change any weight
    CpuTimeWeights everyTick = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    CpuTimeWeights whenRunning = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    SplittableRandom workload = new SplittableRandom(42);
    long cpu = 0;
    for (int tick = 0; tick < 10_000; tick++) {
      cpu += workload.nextLong(0, 3 * MS);
      boolean running = workload.nextInt(3) == 0;
      long expected = everyTick.weigh(7, cpu, running);
      long weight = running || !whenRunning.observed(7) ? whenRunning.weigh(7, cpu, running) : 0;
      assertThat(weight).as("tick %d", tick).isEqualTo(expected);
    }
    whenRunning.weigh(7, cpu, false); // the end of a recording reads every thread once more, then flushes
    everyTick.weigh(7, cpu, false);
    assertThat(whenRunning.flush(7)).isEqualTo(everyTick.flush(7));
  }

  @Test
  void remaindersAddUpSoThatTheTotalIsExactToOneInterval() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    long cpu = 0;
    long total = 0;
    w.weigh(7, cpu, true);
    for (int i = 0; i < 1000; i++) {
      cpu += 3 * MS + 700_000; // 3.7 ms per observation, never a whole interval
      total += w.weigh(7, cpu, true);
    }
    assertThat(total).isBetween(369L, 370L);
    total += w.flush(7);
    assertThat(total).as("3.7 s = 370 intervals").isBetween(370L, 371L);
    assertThat(w.flush(7)).isZero();
  }

  @Test
  void theLastPartialIntervalRoundsUpWithItsProbability() {
    long ones = 0;
    for (int seed = 0; seed < 2000; seed++) {
      CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(seed));
      w.weigh(7, 0, true);
      w.weigh(7, 2_500_000, false);
      ones += w.flush(7);
    }
    assertThat(ones / 2000.0).as("2.5 ms of a 10 ms interval").isBetween(0.2, 0.3);
  }

  @Test
  void aThreadThatEndedWithoutAStackLeavesItsCarryUnattributed() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    w.weigh(7, 0, true);
    w.weigh(7, 4 * MS, false);
    w.forgetEnded(Set.of(), (tid, carried) -> false);
    assertThat(w.unattributedNanos()).isEqualTo(4 * MS);
    assertThat(w.observed(7)).isFalse();
  }

  @Test
  void aThreadThatEndedHandsItsCarryToItsStack() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    w.weigh(7, 0, true);
    w.weigh(8, 0, true);
    w.weigh(7, 4 * MS, false);
    long[] charged = {-1};
    w.forgetEnded(Set.of(8), (tid, carried) -> {
      assertThat(tid).isEqualTo(7);
      charged[0] = carried;
      return true;
    });
    assertThat(charged[0]).isEqualTo(4 * MS);
    assertThat(w.unattributedNanos()).isZero();
    assertThat(w.observed(8)).isTrue();
  }

  @Test
  void aThreadBornAfterEveryThreadHadItsBaselineWeighsAllItsCpuTime() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    assertThat(w.weigh(7, 5_000 * MS, false)).as("alive at the start: a baseline").isZero();
    w.everyThreadHasItsBaseline(9_000 * MS);
    assertThat(w.weigh(9, 30 * MS, true)).as("born since: its 30 ms are the recording's").isEqualTo(3);
  }

  @Test
  void theTailOfEndedThreadsIsTheProcessCpuTimeNoReadAccountsFor() {
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    w.weigh(7, 1_000 * MS, false);
    w.everyThreadHasItsBaseline(2_000 * MS); // 1 s of threads that ended before the recording
    w.weigh(7, 1_050 * MS, true); // 50 ms read on a live thread
    w.weigh(9, 20 * MS, true); // a thread born, read at 20 ms of CPU, then ended at 35 ms
    assertThat(w.endedTail(2_000 * MS + 50 * MS + 35 * MS)).as("its last 15 ms").isEqualTo(15 * MS);
    assertThat(w.endedTail(2_000 * MS + 50 * MS + 35 * MS)).as("handed out once").isZero();
    assertThat(w.endedTail(2_000 * MS + 50 * MS + 30 * MS)).as("a coarser process clock never takes back").isZero();
  }

  @Test
  void whatManyShortThreadsLeaveAddsUpExactlyAcrossThem() {
    // a thread per request: 1,000 threads that each leave 3.7 ms (carry and share of the tail);
    // rounded one by one the total would swing by about 15 intervals, diffused it is exact
    CpuTimeWeights w = new CpuTimeWeights(10 * MS, new SplittableRandom(1));
    long total = 0;
    for (int thread = 0; thread < 1_000; thread++) {
      long samples = w.endedIntervals(3_700_000L);
      assertThat(samples).isBetween(0L, 1L);
      total += samples;
    }
    assertThat(total).as("3.7 s in 10 ms intervals").isEqualTo(370);
    assertThat(w.flushEnded()).as("nothing below an interval left").isZero();
    long roundedUp = 0;
    for (int i = 0; i < 1_000; i++) {
      CpuTimeWeights each = new CpuTimeWeights(10 * MS, new SplittableRandom(i));
      each.endedIntervals(4 * MS);
      roundedUp += each.flushEnded();
    }
    assertThat(roundedUp).as("the last 4 ms round up 40 %% of the time").isBetween(340L, 460L);
  }

  @Test
  void aThreadWhoseCpuTimeDidNotMoveIsNotReadFurtherAndWeighsTheSameInTheEnd() {
    // the sampler reads the running state only when the CPU time moved since the last read; the
    // kernel moves a busy thread's counter at scheduler ticks (every 4 ms here), so at 1 kHz most
    // reads find it unmoved. Skipping those must not change the total
    CpuTimeWeights everyTick = new CpuTimeWeights(MS, new SplittableRandom(1));
    CpuTimeWeights whenMoved = new CpuTimeWeights(MS, new SplittableRandom(1));
    assertThat(whenMoved.movedSince(7, 0)).as("never read").isTrue();
    everyTick.weigh(7, 0, false); // both baselines at 0
    whenMoved.weigh(7, 0, false);
    assertThat(whenMoved.movedSince(7, 0)).isFalse();
    SplittableRandom workload = new SplittableRandom(42);
    long cpu = 0;
    long a = 0;
    long b = 0;
    for (int tick = 0; tick < 20_000; tick++) {
      if (tick % 4 == 0 && workload.nextInt(3) > 0) {
        cpu += 4 * MS; // a scheduler tick found it on a CPU
      }
      boolean running = workload.nextInt(2) == 0;
      a += everyTick.weigh(7, cpu, running);
      if (whenMoved.movedSince(7, cpu)) {
        b += whenMoved.weigh(7, cpu, running);
      }
    }
    a += everyTick.flush(7);
    b += whenMoved.flush(7);
    assertThat(b).isEqualTo(a).isEqualTo(cpu / MS);
    assertThat(whenMoved.movedSince(7, cpu)).isFalse();
  }
}
