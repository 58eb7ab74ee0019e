package dev.pyrometer.agent.analysis;

/**
 * The thread a sample came from, as named by the PROCESS and THREAD levels of the call tree.
 *
 * @param pid process id, 0 when the tree has no process level
 * @param commandLine the process's command line, empty when unknown
 * @param tid thread id, 0 when the tree has no thread level
 * @param name the thread's description ({@code thread 12 (MainThread)}), empty when unknown
 */
public record ThreadRef(int pid, String commandLine, int tid, String name) {
  static final ThreadRef UNKNOWN = new ThreadRef(0, "", 0, "");
}
