package dev.pyrometer.agent.analysis;

import java.util.Objects;

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

  // Written out: a record's generated equals and hashCode bootstrap through method handles at their
  // first call (classes spun at every start of the agent) and run slower in the agent's C1 code.
  @Override
  public boolean equals(Object o) {
    return o instanceof ThreadRef t && pid == t.pid && tid == t.tid && Objects.equals(commandLine, t.commandLine)
        && Objects.equals(name, t.name);
  }

  @Override
  public int hashCode() {
    return ((pid * 31 + tid) * 31 + Objects.hashCode(commandLine)) * 31 + Objects.hashCode(name);
  }
}
