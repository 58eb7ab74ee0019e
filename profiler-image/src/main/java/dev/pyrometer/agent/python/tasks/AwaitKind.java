package dev.pyrometer.agent.python.tasks;

/** What a suspended task waits for, as far as its innermost await tells. */
public enum AwaitKind {
  /** {@code asyncio.sleep}: a timer. */
  SLEEP("sleep"),
  /** A socket read or write: a StreamReader/Writer, {@code loop.sock_*}, a connection being opened. */
  NETWORK("network peer"),
  LOCK("asyncio.Lock"),
  SEMAPHORE("asyncio.Semaphore"),
  EVENT("asyncio.Event"),
  CONDITION("asyncio.Condition"),
  QUEUE("asyncio.Queue"),
  /** An {@code asyncio.subprocess} child. */
  CHILD_PROCESS("child process"),
  /** {@code await task}: another task. */
  TASK("another task"),
  /** {@code gather(...)}: its children. */
  GATHER("gather"),
  /** {@code async with TaskGroup()}: its children. */
  TASK_GROUP("TaskGroup"),
  /** A plain Future: whoever sets its result. */
  FUTURE("a Future"),
  /** The task runs (its coroutine is executing): it awaits nothing. */
  RUNNING("running"),
  /** Created, not started yet. */
  NOT_STARTED("not started"),
  UNKNOWN("unknown");

  private final String text;

  AwaitKind(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
