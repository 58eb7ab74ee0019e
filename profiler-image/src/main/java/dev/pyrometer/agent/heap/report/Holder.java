package dev.pyrometer.agent.heap.report;

/**
 * Who holds the memory of one top path, in the user's terms: a module global (with the module's
 * file), a local variable of a thread's frame, or objects no root reaches.
 *
 * @param kind where the path starts
 * @param path the path
 * @param bytes what it holds
 * @param module the module name (module globals), else null
 * @param file the module's {@code __file__}, or the frame's file for locals; null when unknown
 * @param variable the global or local variable the path goes through, else null
 * @param type the type of the object that variable names
 * @param frame the frame ({@code function (file:line)}) for locals, else null
 * @param length items of that object when it is a container, else null
 */
public record Holder(Kind kind, String path, long bytes, String module, String file, String variable, String type,
    String frame, Long length) {

  /** Where a path starts. */
  public enum Kind {
    MODULE_GLOBAL,
    THREAD_LOCAL,
    UNREACHED,
    OTHER
  }
}
