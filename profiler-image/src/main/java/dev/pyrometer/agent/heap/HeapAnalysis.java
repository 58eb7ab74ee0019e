package dev.pyrometer.agent.heap;

import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.profile.CallTree;

/**
 * The result of analysing one snapshot.
 *
 * @param report what goes into memory-report.json
 * @param paths bytes per reference path, for memory.folded and the flame graph
 * @param digest what the growth analysis needs from this snapshot
 */
public record HeapAnalysis(HeapReport report, CallTree paths, SnapshotDigest digest) {}
