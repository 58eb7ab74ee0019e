package dev.pyrometer.agent.analysis;

/** Why a thread was off CPU, as far as its system call and Python frames tell. */
public enum BlockingCause {
  CHILD_PROCESS("blocking.subprocess", Verdict.PROBLEM, "waits for a child process"),
  SLEEP("blocking.sleep", Verdict.PROBLEM, "sleeps"),
  NETWORK("blocking.network", Verdict.PROBLEM, "waits for the network"),
  FILE_IO("blocking.file-io", Verdict.PROBLEM, "waits for file I/O"),
  LOCK("blocking.lock", Verdict.PROBLEM, "waits for a lock"),
  GIL("blocking.gil", Verdict.PROBLEM, "waits for the GIL"),
  IO_WAIT("blocking.io-wait", Verdict.PROBLEM, "waits for I/O readiness"),
  OTHER("blocking.other", Verdict.PROBLEM, "is blocked"),
  OTHER_THREADS("waiting.threads", Verdict.WAITING, "waits for other threads"),
  /** An asyncio task that awaits other tasks (await task, gather, TaskGroup) or a Future they complete. */
  OTHER_TASKS("waiting.tasks", Verdict.WAITING, "waits for other tasks"),
  IDLE_WORKER("idle.worker", Verdict.IDLE, "is idle, waiting for work"),
  IDLE_EVENT_LOOP("idle.event-loop", Verdict.IDLE, "runs an event loop that waits for events"),
  IDLE_SERVER("idle.server", Verdict.IDLE, "is a server waiting for connections");

  private final String kind;
  private final Verdict verdict;
  private final String phrase;

  BlockingCause(String kind, Verdict verdict, String phrase) {
    this.kind = kind;
    this.verdict = verdict;
    this.phrase = phrase;
  }

  /** The finding kind reported in the summary, e.g. {@code blocking.subprocess}. */
  public String kind() {
    return kind;
  }

  public Verdict verdict() {
    return verdict;
  }

  /** A verb phrase for titles: "handle {phrase}". */
  public String phrase() {
    return phrase;
  }
}
