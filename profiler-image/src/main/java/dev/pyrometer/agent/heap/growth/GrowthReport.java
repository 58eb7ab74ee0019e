package dev.pyrometer.agent.heap.growth;

import java.util.List;

/**
 * What grew across snapshots, ranked by slope: the leak hunt's answer.
 *
 * @param times ISO-8601 time of each snapshot
 * @param paths reference paths whose bytes grew
 * @param types types whose bytes grew
 * @param containers containers (dicts, lists, sets...) whose length grew at a stable path
 */
public record GrowthReport(List<String> times, List<Series> paths, List<Series> types, List<ContainerSeries> containers) {

  /**
   * One quantity over the snapshots.
   *
   * @param name a path or type
   * @param bytes its bytes at each snapshot
   * @param slopeBytesPerSecond least-squares slope
   * @param monotonic never shrank between snapshots
   */
  public record Series(String name, List<Long> bytes, double slopeBytesPerSecond, boolean monotonic) {}

  /** Bytes of one folded path in the first and the last snapshot (the differential folded file). */
  public record PathDiff(String path, long before, long after) {}

  /**
   * One container over the snapshots.
   *
   * @param path its reference path
   * @param type its type
   * @param lengths its length at each snapshot
   * @param slopeItemsPerSecond least-squares slope of the length
   */
  public record ContainerSeries(String path, String type, List<Long> lengths, double slopeItemsPerSecond) {}
}
