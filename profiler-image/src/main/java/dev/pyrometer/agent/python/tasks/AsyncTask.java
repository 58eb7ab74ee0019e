package dev.pyrometer.agent.python.tasks;

import dev.pyrometer.agent.python.PyFrame;
import java.util.List;

/**
 * One asyncio task as read from outside, at one instant.
 *
 * @param address remote address of the Task object (its id)
 * @param name its name ({@code Task-3} for a default one)
 * @param loop remote address of its event loop (0 when unknown)
 * @param frames the coroutine chain, outermost (the task's coroutine) first, down to the frame
 *     that is suspended or running
 * @param awaited what the innermost frame awaits
 * @param awaitedBy addresses of the tasks that await this one ({@code await task}, gather, TaskGroup)
 */
public record AsyncTask(long address, String name, long loop, List<PyFrame> frames, Awaited awaited, List<Long> awaitedBy) {
  public boolean running() {
    return awaited.kind() == AwaitKind.RUNNING;
  }

  /** The innermost coroutine frame, or null when the chain could not be read. */
  public PyFrame innermost() {
    return frames.isEmpty() ? null : frames.get(frames.size() - 1);
  }
}
