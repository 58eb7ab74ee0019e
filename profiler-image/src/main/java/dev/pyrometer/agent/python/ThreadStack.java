package dev.pyrometer.agent.python;

import java.util.List;

/**
 * The Python stack of one thread at one instant.
 *
 * @param threadStateAddress remote address of the {@code PyThreadState}
 * @param nativeThreadId the thread's id in the target's PID namespace, 0 when unknown
 * @param frames innermost first
 * @param truncated true when the stack was deeper than the walker's limit (only the innermost
 *     frames are kept)
 */
public record ThreadStack(long threadStateAddress, int nativeThreadId, List<PyFrame> frames, boolean truncated) {}
