package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.FoldedProfile;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread whose stack has not moved since its last confirmed sample is reported from the kept
 * stack, without a walk ({@link SteadyStacks}); a thread that moved is walked again. The target
 * ({@code phases.py}) has workers that wait 10 ms in {@code phase_a}, then 30 ms in {@code phase_b}:
 * a kept stack reported after its thread moved on shows up as a worker stuck in one phase (its
 * share far from a quarter, few phase changes), or as a callee under the wrong call site. The same
 * for a generator's frames (outside the data-stack chunk from 3.11) and for relay threads whose
 * thread states take the addresses of ended ones.
 */
class SteadyStacksTest {
  private static final String SCRIPT = "phases.py";
  private static final long SAMPLING_NANOS = 2_000_000_000L;

  @TempDir Path dir;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  /** One worker thread's samples: in phase a, in phase b, and how often it changed phase. */
  private static final class Phases {
    int a;
    int b;
    int changes;
    Boolean inA;

    void saw(boolean nowInA) {
      if (nowInA) {
        a++;
      } else {
        b++;
      }
      if (inA != null && inA != nowInA) {
        changes++;
      }
      inA = nowInA;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void reportsAKeptStackOnlyWhileTheThreadStaysOnIt(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, SCRIPT, dir);
        AttachedProcess process = AttachedProcess.attach(target.pid())) {
      Map<String, Integer> line = new HashMap<>();
      for (String marker : List.of("@phase-a", "@phase-b", "@calls-a", "@calls-b", "@gen-a", "@gen-b", "@gen-loop",
          "@relay-odd", "@relay-even", "@main-waits")) {
        line.put(marker, target.lineOf(marker));
      }
      StackWalker walker = process.walker();
      Map<Long, Phases> workers = new HashMap<>();
      Map<Long, Phases> generators = new HashMap<>();
      List<String> wrong = new ArrayList<>();
      int[] relays = new int[2];
      long[] stacks = new long[1];
      StackWalker.Listener listener = new StackWalker.Listener() {
        @Override
        public void thread(ThreadStack stack) {
          stacks[0]++;
          List<PyFrame> frames = stack.frames();
          PyFrame inner = frames.get(0);
          PyFrame caller = frames.size() > 1 ? frames.get(1) : null;
          if (!inner.code().fileName().endsWith(SCRIPT) || caller == null) {
            return; // in threading.py (a join, the main thread's wait) or between calls
          }
          String function = simpleName(inner);
          String callerFunction = simpleName(caller);
          switch (function) {
            case "phase_a", "phase_b" -> {
              boolean a = function.equals("phase_a");
              expect(inner.line() == line.get(a ? "@phase-a" : "@phase-b") || inner.line() == inner.code().firstLine(), stack);
              expect(callerFunction.equals("steady_worker") && caller.line() == line.get(a ? "@calls-a" : "@calls-b"), stack);
              workers.computeIfAbsent(stack.threadStateAddress(), k -> new Phases()).saw(a);
            }
            case "ticking" -> {
              expect(callerFunction.equals("gen_worker") && caller.line() == line.get("@gen-loop"), stack);
              if (inner.line() == line.get("@gen-a") || inner.line() == line.get("@gen-b")) {
                generators.computeIfAbsent(stack.threadStateAddress(), k -> new Phases())
                    .saw(inner.line() == line.get("@gen-a"));
              }
            }
            case "relay_odd", "relay_even" -> {
              boolean odd = function.equals("relay_odd");
              expect(inner.line() == line.get(odd ? "@relay-odd" : "@relay-even") || inner.line() == inner.code().firstLine(), stack);
              relays[odd ? 1 : 0]++;
            }
            default -> { }
          }
        }

        private void expect(boolean ok, ThreadStack stack) {
          if (!ok && wrong.size() < 10) {
            wrong.add(describe(stack));
          }
        }

        @Override
        public void dropped(String reason) {}
      };
      long end = System.nanoTime() + SAMPLING_NANOS;
      while (System.nanoTime() < end) {
        walker.walk(listener);
        Thread.sleep(1);
      }

      assertThat(wrong).as("stacks the threads never had").isEmpty();
      assertThat(workers).as("steady workers seen").hasSize(3);
      assertThat(generators).as("generator worker seen").hasSize(1);
      for (Phases p : concat(workers, generators)) {
        double shareA = p.a / (double) (p.a + p.b);
        // 10 ms of every 40 in phase a; a kept stack reported after its thread moved sticks to one phase
        assertThat(shareA).as("share of phase a, %d samples", p.a + p.b).isBetween(0.12, 0.40);
        assertThat(p.changes).as("phase changes seen in 2 s (about 100 happened)").isGreaterThan(20);
      }
      assertThat(relays[0]).as("relay_even seen").isPositive();
      assertThat(relays[1]).as("relay_odd seen").isPositive();
      // most threads wait most of the time: most stacks are reported unchanged, without a walk
      assertThat(walker.unchangedStacks()).as("of %d stacks", stacks[0]).isGreaterThan(stacks[0] / 3);
    }
  }

  /**
   * A recording adds a kept stack again to the node it went to last time: the main thread, which
   * never moves, is in every sampled tick once, and the workers' phases keep their shares.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void aRecordingCountsKeptStacksLikeWalkedOnes(Interpreter python) throws Exception {
    try (PythonTarget target = PythonTarget.start(python, SCRIPT, dir)) {
      Path out = dir.resolve("out");
      AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "wall", "--duration", "2s",
          "--rate", "500", "-o", out.toString()).assertOk();
      ProcessSummary process = SummaryCodec.fromJson(Files.readString(out.resolve("summary.json"))).processes().get(0);
      FoldedProfile profile = FoldedProfile.read(out.resolve("profile.folded"));
      long ticks = process.clock().ticksSampled() - process.clock().ticksFailed();
      String mainFrame = "<module> (" + SCRIPT + ":" + target.lineOf("@main-waits") + ")";
      long mainWaits = profile.count(s -> s.frames().get(0).equals(mainFrame));
      assertThat(mainWaits).as("main thread's samples, of %d ticks; dropped %s", ticks, process.droppedByReason())
          .isBetween((long) (ticks * 0.97), ticks);
      // and on its whole stack: <module> -> Event.wait -> Condition.wait, in a lock's acquire (C)
      FoldedProfile.Stack waiting = profile.matching(s -> s.frames().get(0).equals(mainFrame)).stream()
          .max(java.util.Comparator.comparingLong(FoldedProfile.Stack::count)).orElseThrow();
      assertThat(waiting.count()).as("main thread's samples on one stack").isGreaterThan((long) (ticks * 0.97));
      assertThat(waiting.frames()).as("main thread's stack").hasSize(3);
      assertThat(waiting.leaf()).as("main thread's stack").contains("wait (threading.py:");
      long a = profile.count(s -> s.leaf().startsWith("phase_a (") || s.leaf().contains(".phase_a ("));
      long b = profile.count(s -> s.leaf().startsWith("phase_b (") || s.leaf().contains(".phase_b ("));
      assertThat(a / (double) (a + b)).as("share of phase a, %d samples", a + b).isBetween(0.12, 0.40);
    }
  }

  private static List<Phases> concat(Map<Long, Phases> a, Map<Long, Phases> b) {
    List<Phases> all = new ArrayList<>(a.values());
    all.addAll(b.values());
    return all;
  }

  private static String simpleName(PyFrame frame) {
    String name = frame.code().name();
    return name.substring(name.lastIndexOf('.') + 1); // qualified names on 3.11+
  }

  private static String describe(ThreadStack stack) {
    StringBuilder s = new StringBuilder();
    for (PyFrame f : stack.frames()) {
      s.append(f.code().name()).append(':').append(f.line()).append(" < ");
    }
    return s.toString();
  }
}
