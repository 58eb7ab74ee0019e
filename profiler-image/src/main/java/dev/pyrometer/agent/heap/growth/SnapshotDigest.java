package dev.pyrometer.agent.heap.growth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one snapshot leaves for the growth analysis once its memory is released: bytes per path
 * and per type, and the lengths of the largest containers, keyed so that snapshots can be lined up.
 *
 * @param takenAt when the snapshot was taken
 * @param totalBytes bytes of all Python objects
 * @param pathBytes bytes per folded path (the lines of memory.folded)
 * @param typeBytes bytes per type
 * @param containers the longest containers
 */
public record SnapshotDigest(Instant takenAt, long totalBytes, Map<String, Long> pathBytes, Map<String, Long> typeBytes,
    List<Container> containers) {

  /**
   * One container.
   *
   * @param address its address (a container that survives keeps it)
   * @param path its reference path
   * @param type its type
   * @param length items or entries
   * @param subtree bytes it holds
   */
  public record Container(long address, String path, String type, long length, long subtree) {}
}
