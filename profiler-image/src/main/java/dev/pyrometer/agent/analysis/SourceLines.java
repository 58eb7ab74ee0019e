package dev.pyrometer.agent.analysis;

/**
 * Looks up the text of a source line, so a report can show the line a user would open and rules
 * can tell {@code with lock:} from arbitrary code. Lookups may fail (file gone, not readable): the
 * analysis then works from frames alone.
 */
@FunctionalInterface
public interface SourceLines {
  /** Reads nothing: every line is unknown. */
  SourceLines NONE = (pid, file, line) -> null;

  /**
   * The line's text without leading and trailing blanks, or null when it cannot be read.
   *
   * @param pid the process that ran the file (its files are read through {@code /proc/PID/root}),
   *     0 to read the path as it is
   */
  String line(int pid, String file, int line);

  /** Reads the files of the profiled processes through {@code /proc/PID/root}. */
  static SourceLines ofProcesses() {
    return new ProcessSourceLines();
  }
}
