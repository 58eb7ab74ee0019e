package dev.pyrometer.agent.proc;

/**
 * What the kernel says a thread is doing at one instant.
 *
 * @param state the state letter of {@code /proc/PID/task/TID/stat}: R running or runnable, S
 *     sleeping, D uninterruptible, T stopped, Z zombie, ... ; '?' when unreadable; '-' when only
 *     known not to be running ({@link ThreadStateReader#readRunning})
 * @param syscall the system call it is blocked in, {@link #NOT_IN_SYSCALL} when running or
 *     blocked outside one, {@link #UNKNOWN} when not read
 */
public record OsThreadState(char state, int syscall) {
  public static final int NOT_IN_SYSCALL = -1;
  public static final int UNKNOWN = -2;
  public static final OsThreadState GONE = new OsThreadState('?', UNKNOWN);
  /** Not running, and not read further (cpu mode needs no more). */
  public static final OsThreadState OFF_CPU = new OsThreadState('-', UNKNOWN);
  /** Running or runnable, its syscall not read. */
  public static final OsThreadState RUNNING = new OsThreadState('R', UNKNOWN);
  private static final OsThreadState SLEEPING = new OsThreadState('S', UNKNOWN);

  /** The state; the common ones without a syscall are shared (read per thread and tick). */
  public static OsThreadState of(char state, int syscall) {
    if (syscall == UNKNOWN && state == 'R') {
      return RUNNING;
    }
    return syscall == UNKNOWN && state == 'S' ? SLEEPING : new OsThreadState(state, syscall);
  }

  /** On CPU, or waiting only for a CPU. */
  public boolean running() {
    return state == 'R';
  }

  public boolean blocked() {
    return state == 'S' || state == 'D';
  }

  /** The syscall name, or null when not known to be in one. */
  public String syscallName() {
    return syscall >= 0 ? SyscallNames.name(syscall) : null;
  }

  /** {@code running}, {@code idle in poll}, {@code idle}, {@code stopped}... as dump shows it. */
  public String describe() {
    return switch (state) {
      case 'R' -> "running";
      case 'S', 'D' -> syscall >= 0 ? "idle in " + syscallName() : "idle";
      case 'T', 't' -> "stopped";
      case 'Z' -> "exiting";
      case '?' -> "state unknown";
      case '-' -> "not running";
      default -> "state " + state;
    };
  }
}
