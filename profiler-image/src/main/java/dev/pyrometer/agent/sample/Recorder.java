package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.profile.TopStacks;
import dev.pyrometer.contract.ProcessSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records several processes at once, one {@link ProcessSampler} thread each, into one call tree:
 * for the duration, until {@link #stop()} (Ctrl-C, SIGTERM), or until every target has exited.
 */
public final class Recorder {
  /** What to record. */
  /**
   * What to record.
   *
   * @param asyncTasks attribute event loop threads' time to their asyncio tasks ({@code --no-async} turns it off)
   */
  public record Options(SampleMode mode, int rateHz, Duration duration, boolean asyncTasks) {
    public Options(SampleMode mode, int rateHz, Duration duration) {
      this(mode, rateHz, duration, true);
    }
  }

  /** How a recording ended, and what it holds. */
  public record Result(RecordedProfile profile, boolean interrupted, boolean allExited) {}

  private final List<AttachedProcess> processes;
  private final Options options;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile boolean interrupted;

  public Recorder(List<AttachedProcess> processes, Options options) {
    this.processes = processes;
    this.options = options;
  }

  /** Samples until done; returns everything recorded so far even when stopped early. */
  public Result record() {
    long start = System.nanoTime();
    long deadline = start + options.duration().toNanos();
    StackSink sink = new StackSink(new CallTree());
    List<ProcessSampler> samplers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (AttachedProcess p : processes) {
      ProcessSampler sampler = new ProcessSampler(p, options.mode(), options.rateHz(), deadline, sink, options.asyncTasks());
      Thread t = daemon("sampler-" + p.pid(), sampler);
      samplers.add(sampler);
      threads.add(t);
    }
    Thread watcher = daemon("recorder-stop", () -> {
      try {
        stopRequested.await();
        samplers.forEach(ProcessSampler::stop);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (Thread t : threads) {
      joinUninterruptibly(t);
    }
    watcher.interrupt();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    CallTree tree = sink.tree();
    List<ProcessSummary> summaries = new ArrayList<>();
    for (ProcessSampler s : samplers) {
      summaries.add(summarise(s, tree));
    }
    boolean allExited = samplers.stream().allMatch(ProcessSampler::exited);
    return new Result(new RecordedProfile(options.mode(), options.rateHz(), elapsed, tree, summaries), interrupted, allExited);
  }

  private static ProcessSummary summarise(ProcessSampler s, CallTree tree) {
    AttachedProcess p = s.process();
    TopStacks.Top top = TopStacks.ofProcess(tree, p.pid());
    var drops = s.drops();
    String note = s.exited() ? "exited during the recording" : null;
    String untied = untiedNote(s);
    if (untied != null) {
      note = note == null ? untied : note + "; " + untied;
    }
    return new ProcessSummary(p.pid(), p.commandLine(), p.runtime().version().toString(), s.samples(),
        drops.total(), drops.snapshot(), top.labels(), top.weight(), note, null, null, s.clock(), s.cpuAccount());
  }

  /** Why some stacks are missing from a cpu/offcpu profile: their thread has no known OS thread. */
  private static String untiedNote(ProcessSampler s) {
    if (s.untiedStacks() == 0) {
      return null;
    }
    return s.untiedStacks() + " stack(s) of Python threads whose thread state names no live OS thread"
        + " (its recorded thread id is stale or absent and no fallback matched): they are in wall mode"
        + " profiles only, not in cpu or offcpu, which need the OS thread's state";
  }

  /** Ends the recording early (Ctrl-C, SIGTERM); {@link #record()} then returns what it has. */
  public void stop() {
    interrupted = true;
    stopRequested.countDown();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinUninterruptibly(Thread t) {
    boolean wasInterrupted = false;
    while (true) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(1));
        if (!t.isAlive()) {
          break;
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
    }
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
