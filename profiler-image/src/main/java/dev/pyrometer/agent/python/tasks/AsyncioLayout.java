package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.memory.Bytes;

/**
 * Where asyncio keeps what the task reader needs, for one CPython minor version (x86-64, default
 * build). {@code TaskObj} is private to {@code Modules/_asynciomodule.c}: up to 3.13 its offsets
 * are tabled here (measured on live tasks of 3.8.18–3.13.0, see the research notes); from 3.14
 * they come from the {@code .AsyncioDebug} section the {@code _asyncio} module publishes for
 * external tools. A field a version lacks is -1.
 */
public final class AsyncioLayout {
  /** Bytes of the 3.14+ {@code _Py_AsyncioModuleDebugOffsets} struct: 13 {@code uint64_t}. */
  public static final int DEBUG_SECTION_SIZE = 104;

  public final int minor;
  /** {@code sizeof(TaskObj)}: one read covers every field. */
  public final int taskSize;
  public final long futLoop;
  /** {@code fut_state} (int: 0 pending, 1 cancelled, 2 finished); -1 from 3.14 (list membership means pending). */
  public final long futState;
  public final long taskFutWaiter;
  public final long taskCoro;
  public final long taskName;
  /** 3.14+: the awaiting task (or a set of them), whether it is a set, and the node of the thread's list. */
  public final long taskAwaitedBy;
  public final long taskAwaitedByIsSet;
  public final long taskIsTask;
  public final long taskNode;
  /** 3.14+: sentinels of the per-thread and per-interpreter lists of pending tasks. */
  public final long threadTasksHead;
  public final long interpreterTasksHead;
  /** The running loop and task in the thread state (3.13: loop only; 3.14+: both); -1 before. */
  public final long threadRunningLoop;
  public final long threadRunningTask;
  /** {@code FutureIter.future}: what a coroutine suspended on a Future really awaits. */
  public final long futureIterFuture = 16;
  /** {@code PyAsyncGenASend.ags_gen}: the async generator an {@code async for} step awaits. */
  public final long asendGen = 16;

  private AsyncioLayout(int minor, int taskSize, long futLoop, long futState, long taskFutWaiter, long taskCoro,
      long taskName, long taskAwaitedBy, long taskAwaitedByIsSet, long taskIsTask, long taskNode,
      long threadTasksHead, long interpreterTasksHead, long threadRunningLoop, long threadRunningTask) {
    this.minor = minor;
    this.taskSize = taskSize;
    this.futLoop = futLoop;
    this.futState = futState;
    this.taskFutWaiter = taskFutWaiter;
    this.taskCoro = taskCoro;
    this.taskName = taskName;
    this.taskAwaitedBy = taskAwaitedBy;
    this.taskAwaitedByIsSet = taskAwaitedByIsSet;
    this.taskIsTask = taskIsTask;
    this.taskNode = taskNode;
    this.threadTasksHead = threadTasksHead;
    this.interpreterTasksHead = interpreterTasksHead;
    this.threadRunningLoop = threadRunningLoop;
    this.threadRunningTask = threadRunningTask;
  }

  /** The tabled layout of 3.8–3.13, or null for another version. */
  public static AsyncioLayout tabled(int minor, long threadStateSize) {
    return switch (minor) {
      case 8 -> table(8, 144, 72, 104);
      case 9 -> table(9, 184, 80, 144);
      case 10 -> table(10, 192, 88, 152);
      case 11, 12 -> table(minor, 176, 88, 128);
      // 3.13 keeps the running loop right after the public PyThreadState, in _PyThreadStateImpl
      case 13 -> new AsyncioLayout(13, 144, 16, 96, 112, 120, 128, -1, -1, -1, -1, -1, -1, threadStateSize, -1);
      default -> null;
    };
  }

  private static AsyncioLayout table(int minor, int size, long state, long futWaiter) {
    return new AsyncioLayout(minor, size, 16, state, futWaiter, futWaiter + 8, futWaiter + 16, -1, -1, -1, -1, -1, -1, -1, -1);
  }

  /**
   * The 3.14+ layout from the {@code .AsyncioDebug} section's bytes, or null when they do not
   * look like one (a zero size or offset, a task size out of range: refuse rather than guess).
   */
  public static AsyncioLayout fromDebugSection(int minor, byte[] s) {
    if (s == null || s.length < DEBUG_SECTION_SIZE) {
      return null;
    }
    long[] v = new long[13];
    for (int i = 0; i < 13; i++) {
      v[i] = Bytes.getLong(s, 8 * i);
    }
    long taskSize = v[0];
    if (taskSize < 100 || taskSize > 4096 || v[7] == 0 || v[9] == 0) {
      return null;
    }
    for (int i : new int[] {1, 2, 3, 4, 5, 6}) {
      if (v[i] <= 16 || v[i] >= taskSize) {
        return null;
      }
    }
    // task_fut_waiter is not published: it is the field right before task_coro in every 3.14/3.15 TaskObj
    return new AsyncioLayout(minor, (int) taskSize, 16, -1, v[5] - 8, v[5], v[1], v[2], v[4], v[3], v[6],
        v[12], v[8], v[10], v[11]);
  }

  public boolean publishedLists() {
    return taskNode >= 0;
  }
}
