package dev.pyrometer.agent.heap.nativemem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The process's resident memory split by what holds it: the answer to "Python says 300 MB but the
 * pod uses 2 GB". Categories are disjoint and add up to {@link #rssFromMappings()}; the rest of
 * anonymous memory that no allocator structure explains stays in {@code unexplained}.
 *
 * @param rss {@code Rss} of {@code smaps_rollup}
 * @param rssFromMappings the sum of the per-mapping {@code Rss} the categories split
 * @param categories name, resident bytes and what it is, largest first
 * @param pymalloc CPython's small-object allocator, or null when its pools were not found
 * @param pythonObjectBytes bytes of the Python objects the walk found
 * @param unexplained resident anonymous bytes no allocator structure accounts for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NativeBreakdown(
    long rss,
    long rssFromMappings,
    List<Category> categories,
    Pymalloc pymalloc,
    long pythonObjectBytes,
    long unexplained) {

  /** One category of resident memory. */
  public record Category(String name, long bytes, String description) {}

  /**
   * @param arenas arenas with at least one pool in use
   * @param pools pools found
   * @param poolBytes bytes of those pools
   * @param usedBlockBytes bytes of the blocks in use (what pymalloc hands out)
   * @param residentBytes resident bytes of the pools
   */
  public record Pymalloc(long arenas, long pools, long poolBytes, long usedBlockBytes, long residentBytes) {}
}
