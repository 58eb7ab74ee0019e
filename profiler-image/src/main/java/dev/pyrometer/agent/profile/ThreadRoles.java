package dev.pyrometer.agent.profile;

import java.util.regex.Pattern;

/**
 * A thread's role: its name with the numbers that tell threads of one pool apart replaced by N
 * ({@code Thread-12 (process_request_thread)} → {@code Thread-N (process_request_thread)}), so a
 * thread-per-request server's 75 threads show as one row or one profile, not 75.
 */
public final class ThreadRoles {
  /** The role of threads without a name. */
  public static final String UNNAMED = "threads without a name";
  /** The label of the group of threads each too small to show on its own. */
  public static final String OTHER = "other threads";

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private ThreadRoles() {}

  /** The role of a thread by its name (null or empty: {@link #UNNAMED}). */
  public static String role(String threadName) {
    if (threadName == null || threadName.isBlank()) {
      return UNNAMED;
    }
    return NUMBER.matcher(threadName).replaceAll("N");
  }

  /** The role of a thread frame ({@link FrameKey#thread}); null for any other frame. */
  public static String role(FrameKey thread) {
    if (thread.kind() != FrameKind.THREAD) {
      return null;
    }
    String prefix = "thread " + thread.line();
    String name = thread.name();
    if (name.length() > prefix.length() + 3 && name.startsWith(prefix + " (") && name.endsWith(")")) {
      return role(name.substring(prefix.length() + 2, name.length() - 1));
    }
    return UNNAMED;
  }

  /** "Thread-N (worker) (75 threads)"; a group of one keeps the thread's own label. */
  public static String groupLabel(String role, int threads) {
    return role + " (" + threads + " threads)";
  }
}
