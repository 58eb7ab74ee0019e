package dev.pyrometer.agent.heap.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.contract.Finding;
import java.util.List;

/**
 * What {@code memory-report.json} holds for one process: where its Python memory is (totals,
 * largest paths, objects and types), how its RSS splits, how it grew, and the written finding.
 *
 * @param meta the process, interpreter and snapshot
 * @param totals object and byte counts, and how sure we are of them
 * @param topPaths the largest reference paths, none nested in another
 * @param topObjects the objects holding the most (their subtree in the walk), namespaces left out
 * @param largestObjects the largest single objects by their own size
 * @param types per-type counts and bytes, largest first
 * @param rss the resident memory split by what holds it, null when it could not be read
 * @param growth what grew between snapshots, null with one snapshot
 * @param finding the headline diagnosis
 * @param warnings what limits the accuracy of this report
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeapReport(
    Meta meta,
    Totals totals,
    List<PathEntry> topPaths,
    List<ObjectEntry> topObjects,
    List<ObjectEntry> largestObjects,
    List<TypeEntry> types,
    NativeBreakdown rss,
    GrowthReport growth,
    Finding finding,
    List<String> warnings) {

  /**
   * @param pid process id
   * @param commandLine its command line
   * @param python exact interpreter version
   * @param snapshotMode {@code frozen} (all threads stopped for the copy) or {@code racy}
   * @param pauseMillis how long the target was stopped
   * @param bytesCopied bytes of memory copied
   * @param missingBytes bytes that could not be read
   * @param takenAt ISO-8601 time of the snapshot
   * @param analysisMillis time spent walking and reporting
   * @param snapshots snapshots taken in this run
   */
  public record Meta(int pid, String commandLine, String python, String snapshotMode, double pauseMillis,
      long bytesCopied, long missingBytes, String takenAt, long analysisMillis, int snapshots) {}

  /**
   * @param objects objects found
   * @param bytes their bytes (own sizes plus owned buffers; image-resident objects count 0)
   * @param gcTrackedObjects objects on GC generations 0–2 ({@code len(gc.get_objects())})
   * @param permanentGenerationObjects objects frozen by {@code gc.freeze()}
   * @param unreachedGcObjects GC objects that no root reaches (held by C code, or garbage)
   * @param unreachedGcBytes their bytes
   * @param staticObjects objects in the interpreter's image
   * @param rejectedPointers words that looked like references but led to no valid object
   * @param interpreters interpreters in the process (only the main one is walked)
   */
  public record Totals(long objects, long bytes, long gcTrackedObjects, long permanentGenerationObjects,
      long unreachedGcObjects, long unreachedGcBytes, long staticObjects, long rejectedPointers, int interpreters) {}

  /** A reference path (segments joined with {@code ;}) and what it holds. */
  public record PathEntry(String path, long bytes, long objects) {}

  /**
   * One object.
   *
   * @param address remote address, hex
   * @param type its type's qualified name
   * @param size own size (with owned buffers)
   * @param subtree bytes of everything charged below it in the walk
   * @param length items/entries/characters when it has a length, else null
   * @param path the reference path that reached it first
   */
  public record ObjectEntry(String address, String type, long size, long subtree, Long length, String path) {}

  public record TypeEntry(String type, long count, long bytes) {}
}
