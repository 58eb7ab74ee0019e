package dev.pyrometer.agent.sample;

import dev.pyrometer.agent.attach.AsyncioAccess;
import dev.pyrometer.agent.profile.AsyncFrames;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.python.CodeInfo;
import dev.pyrometer.agent.python.PyFrame;
import dev.pyrometer.agent.python.ThreadStack;
import dev.pyrometer.agent.python.tasks.AsyncTask;
import dev.pyrometer.agent.python.tasks.AwaitKind;
import dev.pyrometer.agent.python.tasks.TaskCensus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts an event loop thread's time on its tasks: the sampler's one seam to asyncio. A thread that
 * runs a task gets {@code asyncio event loop → task NAME} above the task's frames; a thread that
 * waits in its loop's selector while tasks are pending gives the sample to one waiting task,
 * in turn ({@code → coroutine frames → awaits WHAT}), so over many samples each of N waiting
 * tasks gets 1/N of the thread's time and the thread's time is counted once. A loop with no
 * pending task keeps its own stack (idle). One census per tick, read only when some thread shows
 * an event loop on its stack.
 */
final class TaskAttribution implements AutoCloseable {
  private final AsyncioAccess access;
  private final DropCounts drops;
  private TaskCensus census;
  private long turn;

  TaskAttribution(AsyncioAccess access, DropCounts drops) {
    this.access = access;
    this.drops = drops;
  }

  /** Forgets the last census: called once per tick. */
  void newTick() {
    census = null;
  }

  /**
   * The frames to record below the thread level instead of the thread's own (root first), or null
   * to keep them. {@code waiting} is true when the sample is a wait (wall or off-CPU), false for CPU.
   */
  List<FrameKey> attribute(ThreadStack stack, boolean waiting) {
    if (!runsEventLoop(stack)) {
      return null;
    }
    TaskCensus c = census();
    Long loop = c.runningLoops().get(stack.threadStateAddress());
    if (loop == null) {
      return null;
    }
    List<AsyncTask> tasks = c.ofLoop(loop);
    for (AsyncTask t : tasks) {
      if (t.running()) {
        return running(stack, t);
      }
    }
    if (!waiting || !inSelector(stack)) {
      return null;
    }
    List<AsyncTask> waitingTasks = leaves(tasks);
    if (waitingTasks.isEmpty()) {
      return null; // idle loop: nothing pending
    }
    AsyncTask chosen = waitingTasks.get((int) (turn++ % waitingTasks.size()));
    List<FrameKey> out = new ArrayList<>(chosen.frames().size() + 3);
    out.add(AsyncFrames.eventLoop());
    out.add(AsyncFrames.task(chosen.name()));
    for (PyFrame f : chosen.frames()) {
      out.add(FrameKey.python(f.code().name(), f.code().fileName(), f.line(), f.code().firstLine()));
    }
    out.add(AsyncFrames.awaits(chosen.awaited().describe()));
    return out;
  }

  private TaskCensus census() {
    if (census == null) {
      census = access.census();
      if (census.truncated() > 0) {
        drops.note("asyncio-tasks-over-limit", census.truncated());
      }
      if (census.dropped() > 0) {
        drops.note("asyncio-task-torn", census.dropped());
      }
    }
    return census;
  }

  /** The running task's frames: the thread's, cut at the task's outermost coroutine. */
  private static List<FrameKey> running(ThreadStack stack, AsyncTask task) {
    List<PyFrame> frames = stack.frames(); // innermost first
    int cut = frames.size() - 1;
    PyFrame outer = task.frames().isEmpty() ? null : task.frames().get(0);
    if (outer != null) {
      for (int i = frames.size() - 1; i >= 0; i--) {
        PyFrame f = frames.get(i);
        if (f.code().name().equals(outer.code().name()) && f.code().fileName().equals(outer.code().fileName())) {
          cut = i;
          break;
        }
      }
    }
    List<FrameKey> out = new ArrayList<>(cut + 3);
    out.add(AsyncFrames.eventLoop());
    out.add(AsyncFrames.task(task.name()));
    for (int i = cut; i >= 0; i--) {
      PyFrame f = frames.get(i);
      out.add(FrameKey.python(f.code().name(), f.code().fileName(), f.line(), f.code().firstLine()));
    }
    return out;
  }

  /** Tasks that wait on something other than one of these tasks (a parent awaiting a child is not a wait of its own). */
  private static List<AsyncTask> leaves(List<AsyncTask> tasks) {
    Set<Long> parents = new HashSet<>();
    tasks.forEach(t -> parents.addAll(t.awaitedBy()));
    List<AsyncTask> out = new ArrayList<>();
    for (AsyncTask t : tasks) {
      if (!parents.contains(t.address()) && t.awaited().kind() != AwaitKind.RUNNING) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingLong(AsyncTask::address));
    return out;
  }

  private boolean runsEventLoop(ThreadStack stack) {
    for (PyFrame f : stack.frames()) {
      if (isLoopRunner(f.code())) {
        return true;
      }
    }
    return false;
  }

  /** Per code object, by serial: 0 not looked at yet, 1 asyncio's run_forever, 2 any other code. */
  private byte[] loopRunner = new byte[1024];

  /** Asked for every frame of every thread on every tick: the two string tests run once per code object. */
  private boolean isLoopRunner(CodeInfo code) {
    int serial = code.serial();
    if (serial >= loopRunner.length) {
      loopRunner = java.util.Arrays.copyOf(loopRunner, Math.max(serial + 1, loopRunner.length * 2));
    }
    if (loopRunner[serial] == 0) {
      loopRunner[serial] = code.fileName().endsWith("asyncio/base_events.py") && code.name().endsWith("run_forever")
          ? (byte) 1 : (byte) 2;
    }
    return loopRunner[serial] == 1;
  }

  /** The loop waits for events: its innermost frames are the selector or the loop's own iteration. */
  private static boolean inSelector(ThreadStack stack) {
    PyFrame inner = stack.frames().get(0);
    String file = inner.code().fileName();
    return file.endsWith("/selectors.py") || (file.endsWith("asyncio/base_events.py") && inner.code().name().endsWith("_run_once"));
  }

  @Override
  public void close() {
    access.close();
  }
}
