import com.sun.management.ThreadMXBean;
import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.python.tasks.TaskCensus;
import java.lang.management.ManagementFactory;

/**
 * In-process cost of one asyncio task census (what {@code record} reads per tick when a thread
 * idles in its event loop): thread CPU time, pages read from the target and tasks found per call
 * of {@code AsyncioAccess.census()}, after a warm-up. Run by the benchmark harness with
 * {@code java -cp pyrometer.jar CensusCost.java PID SECONDS}; prints one JSON object.
 */
public final class CensusCost {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    int pid = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    try (AttachedProcess process = AttachedProcess.attach(pid);
        AsyncioAccess access = new AsyncioAccess(pid, process.runtime())) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (access.census().tasks().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200); // 3.14+: the layout is found once asyncio is imported
      }
      run(access, 1.0); // warm-up: JIT, code and chain caches
      double[] r = run(access, seconds);
      System.out.printf(java.util.Locale.ROOT,
          "{\"censusCpuMicros\": %.1f, \"pagesPerCensus\": %.1f, \"tasks\": %.0f, \"dropped\": %.0f, \"censuses\": %.0f,"
              + " \"chainsDecodedPerCensus\": %.1f, \"censusUserCpuMicros\": %.1f, \"readCallsPerCensus\": %.1f}%n",
          r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    }
  }

  /** {CPU µs per census, pages read per census, tasks in the last census, dropped, censuses, chains decoded per census, user-mode CPU µs per census, reads from the target per census}. */
  private static double[] run(AsyncioAccess access, double seconds) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long user0 = THREADS.getCurrentThreadUserTime();
    long pages0 = access.pageReads();
    long decoded0 = access.chainsDecoded();
    long calls0 = access.readCalls();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long n = 0;
    long dropped = 0;
    TaskCensus last = TaskCensus.EMPTY;
    while (System.nanoTime() < end) {
      last = access.census();
      dropped += last.dropped();
      n++;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    long user = THREADS.getCurrentThreadUserTime() - user0;
    return new double[] {cpu / 1e3 / n, (double) (access.pageReads() - pages0) / n, last.tasks().size(), dropped, n,
        (double) (access.chainsDecoded() - decoded0) / n, user / 1e3 / n, (double) (access.readCalls() - calls0) / n};
  }
}
