package dev.pyrometer.agent.heap.nativemem;

import dev.pyrometer.agent.proc.Mapping;

/**
 * One mapping of {@code /proc/PID/smaps} with its memory counters, in bytes.
 *
 * @param mapping the mapping
 * @param rss resident bytes
 * @param anonymous resident anonymous (private, not file-backed) bytes
 * @param swap swapped-out bytes
 */
public record SmapsEntry(Mapping mapping, long rss, long anonymous, long swap) {}
