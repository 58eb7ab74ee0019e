package dev.pyrometer.agent.heap;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.heap.growth.GrowthAnalyzer;
import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.heap.report.FindingWriter;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.contract.ExitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A heap run over one or more processes: {@code snapshots} snapshots of each, {@code interval}
 * apart, within {@code duration}, stoppable at any time ({@link #stop()}). Each process's result
 * is its last snapshot's analysis, plus what grew across the snapshots.
 */
public final class HeapSession {
  /**
   * @param snapshots snapshots per process (at least 1)
   * @param interval time between two snapshots of a process
   * @param duration bound on the whole run; no snapshot starts after it (null: unbounded)
   */
  public record Plan(int snapshots, Duration interval, Duration duration) {}

  /**
   * One process's outcome.
   *
   * @param pid the process
   * @param analysis its last analysis (report with growth and finding), null when it failed
   * @param snapshots snapshots analysed
   * @param error why it failed, or null
   */
  public record Outcome(int pid, HeapAnalysis analysis, int snapshots, AgentException error) {}

  /** How the run ended. */
  public record Result(List<Outcome> outcomes, boolean interrupted, Duration elapsed) {}

  private final List<HeapAnalyzer> analyzers;
  private final Plan plan;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean interrupted;

  public HeapSession(List<HeapAnalyzer> analyzers, Plan plan) {
    this.analyzers = analyzers;
    this.plan = plan;
  }

  /** Ends the run after the snapshot in progress. */
  public void stop() {
    interrupted = true;
    stop.countDown();
  }

  public Result run() {
    long started = System.nanoTime();
    long deadline = plan.duration() == null ? Long.MAX_VALUE : started + plan.duration().toNanos();
    int n = analyzers.size();
    List<List<SnapshotDigest>> digests = new ArrayList<>();
    HeapAnalysis[] last = new HeapAnalysis[n];
    AgentException[] errors = new AgentException[n];
    for (int i = 0; i < n; i++) {
      digests.add(new ArrayList<>());
    }
    long next = started;
    for (int k = 0; k < plan.snapshots(); k++) {
      if (k > 0 && !waitUntil(next, deadline)) {
        break;
      }
      next = System.nanoTime() + plan.interval().toNanos(); // intervals run from snapshot start to start
      for (int i = 0; i < n; i++) {
        if (errors[i] != null) {
          continue;
        }
        try {
          last[i] = analyzers.get(i).analyze();
          digests.get(i).add(last[i].digest());
        } catch (AgentException e) {
          errors[i] = e;
        } catch (RuntimeException e) {
          // a bug must not cost the other processes, the artifacts already written, or the summary
          errors[i] = new AgentException(ExitReason.INTERNAL_ERROR, "heap analysis of process "
              + analyzers.get(i).process().pid() + " failed: " + e, e);
        }
      }
      if (interrupted) {
        break;
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pid = analyzers.get(i).process().pid();
      HeapAnalysis analysis = last[i] == null ? null : finish(last[i], digests.get(i));
      outcomes.add(new Outcome(pid, analysis, digests.get(i).size(), analysis == null ? errors[i] : null));
    }
    return new Result(outcomes, interrupted, Duration.ofNanos(System.nanoTime() - started));
  }

  /** Adds growth (with two snapshots or more) and the finding to the last analysis. */
  private static HeapAnalysis finish(HeapAnalysis last, List<SnapshotDigest> series) {
    GrowthReport growth = series.size() >= 2 ? GrowthAnalyzer.analyze(series) : null;
    HeapReport r = last.report();
    HeapReport.Meta m = r.meta();
    HeapReport.Meta meta = new HeapReport.Meta(m.pid(), m.commandLine(), m.python(), m.snapshotMode(), m.pauseMillis(),
        m.bytesCopied(), m.missingBytes(), m.takenAt(), m.analysisMillis(), series.size());
    HeapReport withGrowth = new HeapReport(meta, r.totals(), r.topPaths(), r.topObjects(), r.largestObjects(), r.types(),
        r.rss(), growth, null, r.warnings());
    HeapReport report = new HeapReport(meta, r.totals(), r.topPaths(), r.topObjects(), r.largestObjects(), r.types(),
        r.rss(), growth, FindingWriter.write(withGrowth, last.holders()), r.warnings());
    return new HeapAnalysis(report, last.paths(), last.digest(), last.holders(),
        growth == null ? null : GrowthAnalyzer.diff(series), last.objects(), last.moduleFiles());
  }

  /** Sleeps until {@code wake}; false when stopped, or when the snapshot would start past the deadline. */
  private boolean waitUntil(long wake, long deadline) {
    if (wake > deadline) {
      return false;
    }
    try {
      return !stop.await(Math.max(0, wake - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
