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
    return roleOfLabel(thread.line(), thread.name());
  }

  /** The role of a thread by its label, {@code thread 1234 (name)} or {@code thread 1234}. */
  public static String roleOfLabel(int tid, String label) {
    String prefix = "thread " + tid;
    if (label.length() > prefix.length() + 3 && label.startsWith(prefix + " (") && label.endsWith(")")) {
      return role(label.substring(prefix.length() + 2, label.length() - 1));
    }
    return label.equals(prefix) || label.isEmpty() ? UNNAMED : role(label);
  }

  /** "Thread-N (worker) (75 threads)"; a group of one keeps the thread's own label. */
  public static String groupLabel(String role, int threads) {
    return role + " (" + threads + " threads)";
  }
}
