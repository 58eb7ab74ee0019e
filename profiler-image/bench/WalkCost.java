import com.sun.management.ThreadMXBean;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.StackWalker;
import dev.pyrometer.agent.python.ThreadStack;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * In-process cost of one pyrometer sample, without process startup or the sampling clock: the
 * CPU time and heap allocation per {@code StackWalker.walk} (reading every thread's stack), and
 * per walk plus aggregation into a {@code CallTree} the way the sampler does it in wall mode.
 * Run by the benchmark harness with {@code java -cp pyrometer.jar WalkCost.java PID SECONDS}; prints
 * one JSON object.
 */
public final class WalkCost {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws MemoryReadException {
    int pid = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    try (AttachedProcess process = AttachedProcess.attach(pid)) {
      Collecting walkOnly = new Collecting();
      Aggregating aggregating = new Aggregating(process);
      measure(process, walkOnly, 1.0); // warm-up: JIT, code cache
      measure(process, aggregating, 1.0);
      double[] walk = measure(process, walkOnly, seconds / 2);
      double[] aggregate = measure(process, aggregating, seconds / 2);
      System.out.printf(java.util.Locale.ROOT,
          "{\"walkCpuMicros\": %.3f, \"walkAllocatedBytes\": %.0f, \"walkAndAggregateCpuMicros\": %.3f,"
              + " \"walkAndAggregateAllocatedBytes\": %.0f, \"deepestStack\": %d, \"walks\": %d}%n",
          walk[0], walk[1], aggregate[0], aggregate[1], walkOnly.deepestFrames, (long) (walk[2] + aggregate[2]));
    }
  }

  /** {CPU µs per walk, bytes allocated per walk, walks} over a loop of the given length. */
  private static double[] measure(AttachedProcess process, Collecting listener, double seconds) throws MemoryReadException {
    long self = Thread.currentThread().getId();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long alloc0 = THREADS.getThreadAllocatedBytes(self);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long walks = 0;
    while (System.nanoTime() < end) {
      process.walker().walk(listener);
      listener.afterWalk();
      walks++;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    long alloc = THREADS.getThreadAllocatedBytes(self) - alloc0;
    return new double[] {cpu / 1e3 / walks, (double) alloc / walks, walks};
  }

  /** Keeps the stacks of one walk, like the sampler does before recording them. */
  private static class Collecting implements StackWalker.Listener {
    final List<ThreadStack> stacks = new ArrayList<>();
    int deepestFrames;

    @Override
    public void thread(ThreadStack stack) {
      stacks.add(stack);
    }

    @Override
    public void dropped(String reason) {}

    void afterWalk() {
      for (ThreadStack stack : stacks) {
        deepestFrames = Math.max(deepestFrames, stack.frames().size());
      }
      stacks.clear();
    }
  }

  /** Also turns each stack into frame keys under process and thread levels and adds it to a call tree. */
  private static final class Aggregating extends Collecting {
    private final CallTree tree = new CallTree();
    private final FrameKey processFrame;

    Aggregating(AttachedProcess process) {
      processFrame = FrameKey.process(process.pid(), process.commandLine());
    }

    @Override
    void afterWalk() {
      for (ThreadStack stack : stacks) {
        List<FrameKey> path = new ArrayList<>(stack.frames().size() + 4);
        path.add(processFrame);
        path.add(FrameKey.thread(stack.nativeThreadId(), null));
        List<PyFrame> frames = stack.frames();
        for (int i = frames.size() - 1; i >= 0; i--) {
          PyFrame f = frames.get(i);
          path.add(FrameKey.python(f.code().name(), f.code().fileName(), f.line()));
        }
        tree.add(path, 1);
      }
      super.afterWalk();
    }
  }
}
