package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import dev.pyrometer.agent.memory.ScatterRead;
import dev.pyrometer.agent.memory.TargetGoneException;
import dev.pyrometer.agent.proc.ProcFs;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a busy machine the sampler is preempted in the middle of a read, for a scheduler slice. A
 * read that confirms a stack (the check's, or a double read's second) then spans a millisecond: a
 * program that repeats its stacks ({@code call_heavy.py}: four routes in turn, 160 µs around, and
 * on 3.8-3.10 one frame object per function, at one address, whatever its caller) can show the
 * same pointers at both ends of it and the walk's frames in between, at other instants. Such a
 * read confirms nothing. Here scatter reads are split by a 2 ms pause: a split read confirms
 * no stack and the drop says why; with one read in two split, every stack reported is one the
 * thread had and the quick reads still confirm some.
 */
class PreemptedReadsTest {
  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    // 3.10: frame objects, reused per code object; 3.12: frames in the data stack, reused per depth
    return Stream.of(TestPythons.require(10, TestPythons.Kind.PYENV_SHARED), TestPythons.require(12, TestPythons.Kind.PYENV_SHARED));
  }

  /**
   * The live process's memory, whose scatter reads can be preempted (all of them, or one in two
   * at random): the read is one system call as usual, then after a 2 ms pause its second half is read
   * again over it, as if the sampler had been descheduled halfway through.
   */
  private static final class PreemptedMemory implements ProcessMemory {
    private final LiveProcessMemory live;
    private long preempted;
    /** Preempts a scatter read with one chance in this many (a fixed sequence); 0 for none. */
    private int every;
    private final java.util.SplittableRandom chance = new java.util.SplittableRandom(13);

    PreemptedMemory(int pid) {
      this.live = new LiveProcessMemory(pid);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
      live.read(address, dst, offset, length);
    }

    @Override
    public void readAll(ScatterRead batch) throws TargetGoneException {
      live.readAll(batch);
      if (every == 0 || chance.nextInt(every) != 0 || batch.count() < 2) {
        return;
      }
      preempted++;
      LockSupport.parkNanos(2_000_000);
      for (int i = batch.count() / 2; i < batch.count(); i++) {
        try {
          live.read(batch.address(i), batch.data(), batch.offset(i), batch.length(i));
        } catch (TargetGoneException e) {
          throw e;
        } catch (MemoryReadException e) {
          // keeps the bytes of the first half's instant
        }
      }
    }

    @Override
    public String describe() {
      return live.describe() + ", preempted";
    }

    @Override
    public void close() {
      live.close();
    }
  }

  /** Stacks kept, wrong and dropped by reason over some ticks. */
  private static final class Tally implements StackWalker.Listener {
    private final int[] sites;
    final List<String> wrong = new ArrayList<>();
    final Map<String, Long> dropped = new TreeMap<>();
    long kept;

    Tally(int[] sites) {
      this.sites = sites;
    }

    @Override
    public void thread(ThreadStack stack) {
      kept++;
      String problem = CallHeavyPaths.wrongCall(stack.frames(), sites);
      if (problem != null && wrong.size() < 10) {
        wrong.add(problem);
      }
    }

    @Override
    public void dropped(String reason) {
      dropped.merge(reason, 1L, Long::sum);
    }

    Tally walk(StackWalker walker, int ticks) {
      for (int tick = 0; tick < ticks; tick++) {
        try {
          walker.walk(this);
        } catch (MemoryReadException e) {
          dropped("walk: " + e.getClass().getSimpleName());
        }
        LockSupport.parkNanos(300_000);
      }
      return this;
    }

    @Override
    public String toString() {
      return kept + " kept, dropped " + dropped + (wrong.isEmpty() ? "" : ", wrong " + wrong);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void aReadSplitByAPauseConfirmsNoStack(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, "call_heavy.py", dir, "40");
        AttachedProcess attached = AttachedProcess.attach(target.pid())) {
      int[] sites = new int[4];
      for (int k = 0; k < 4; k++) {
        sites[k] = target.lineOf("# SITE " + k);
      }
      PreemptedMemory memory = new PreemptedMemory(target.pid());
      StackWalker walker = new StackWalker(memory, attached.runtime(),
          new ThreadIdResolver(memory, () -> new HashSet<>(ProcFs.tasks(target.pid()))));

      Tally quick = new Tally(sites).walk(walker, 300);
      assertThat(quick.wrong).as("quick reads: %s", quick).isEmpty();
      assertThat(quick.kept).as("quick reads confirm most ticks: %s", quick).isGreaterThan(200);

      memory.every = 1;
      long unchangedBefore = walker.unchangedStacks();
      Tally preempted = new Tally(sites).walk(walker, 100);
      // a stack whose bytes are those of one confirmed before needs no confirming read
      long confirmed = preempted.kept - (walker.unchangedStacks() - unchangedBefore);
      assertThat(preempted.wrong).as("every confirming read preempted: %s", preempted).isEmpty();
      assertThat(confirmed).as("every confirming read preempted: %s", preempted).isZero();
      assertThat(preempted.dropped.getOrDefault("read-interrupted", 0L)).as("and said so: %s", preempted).isGreaterThan(80);

      memory.every = 2;
      Tally mixed = new Tally(sites).walk(walker, 500);
      assertThat(mixed.wrong).as("one read in two preempted: %s", mixed).isEmpty();
      assertThat(mixed.kept).as("the quick ones still confirm: %s", mixed).isGreaterThan(200);
    }
  }
}
