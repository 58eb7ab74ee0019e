package dev.pyrometer.agent.python.tasks;

import java.util.List;
import java.util.Map;

/**
 * Every pending task of a process at one instant, and what could not be read.
 *
 * @param tasks the tasks read, in no particular order
 * @param runningLoops per thread state address: the event loop that thread runs (absent: none)
 * @param truncated tasks left out because the census reached its bound
 * @param dropped tasks that changed or were freed while they were read (torn reads), or formed a cycle
 */
public record TaskCensus(List<AsyncTask> tasks, Map<Long, Long> runningLoops, int truncated, int dropped) {
  public static final TaskCensus EMPTY = new TaskCensus(List.of(), Map.of(), 0, 0);

  /** The tasks of one loop. */
  public List<AsyncTask> ofLoop(long loop) {
    return tasks.stream().filter(t -> t.loop() == loop).toList();
  }
}
