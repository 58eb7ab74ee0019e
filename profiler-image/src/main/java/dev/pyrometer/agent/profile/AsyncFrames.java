package dev.pyrometer.agent.profile;

import java.util.regex.Pattern;

/**
 * The synthetic frames under which asyncio time is recorded: {@code thread → asyncio event loop →
 * task NAME → coroutine frames → awaits WHAT}. The sampler writes them, the analysis reads them.
 */
public final class AsyncFrames {
  public static final String EVENT_LOOP = "asyncio event loop";
  public static final String TASK_PREFIX = "task ";
  public static final String AWAITS_PREFIX = "awaits ";
  /** Default names ({@code Task-1234}) are one per request: they are folded so requests aggregate. */
  private static final Pattern DEFAULT_NAME = Pattern.compile("Task-\\d+");

  private AsyncFrames() {}

  public static FrameKey eventLoop() {
    return FrameKey.marker(EVENT_LOOP);
  }

  public static FrameKey task(String name) {
    return FrameKey.marker(TASK_PREFIX + (DEFAULT_NAME.matcher(name).matches() ? "Task-*" : name));
  }

  /** What the innermost coroutine awaits, e.g. {@code awaits network peer (StreamReader.readline)}. */
  public static FrameKey awaits(String what) {
    return FrameKey.marker(AWAITS_PREFIX + what);
  }

  public static boolean isEventLoop(FrameKey key) {
    return key.kind() == FrameKind.MARKER && key.name().equals(EVENT_LOOP);
  }
}
