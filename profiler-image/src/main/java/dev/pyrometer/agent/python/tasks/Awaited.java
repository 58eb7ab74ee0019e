package dev.pyrometer.agent.python.tasks;

/**
 * The innermost thing a task awaits.
 *
 * @param kind what kind of wait
 * @param detail the call that waits, e.g. {@code StreamReader.readline}, {@code Lock.acquire}
 * @param object remote address of the awaited Future/Task (0 when none)
 */
public record Awaited(AwaitKind kind, String detail, long object) {
  /** One line for dumps and profiles: {@code network peer (StreamReader.readline)}. */
  public String describe() {
    return detail == null || detail.isEmpty() ? kind.text() : kind.text() + " (" + detail + ")";
  }
}
