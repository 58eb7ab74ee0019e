package dev.pyrometer.agent.heap;

import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.growth.SnapshotDigest;
import dev.pyrometer.agent.heap.report.Holder;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.profile.CallTree;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing one snapshot.
 *
 * @param report what goes into memory-report.json
 * @param paths bytes per reference path, for memory.folded and the flame graph
 * @param digest what the growth analysis needs from this snapshot
 * @param holders who holds the top paths, for the finding
 * @param diff with several snapshots: bytes per path in the first and the last, else null
 * @param objects the paths of {@code paths} weighted by their number of objects, for memory.pb.gz
 * @param moduleFiles the {@code __file__} of each module under {@code sys.modules}, by name: whose
 *     module holds a path's bytes, which the flame graph colours by
 */
public record HeapAnalysis(HeapReport report, CallTree paths, SnapshotDigest digest, List<Holder> holders,
    List<GrowthReport.PathDiff> diff, CallTree objects, Map<String, String> moduleFiles) {
  public HeapAnalysis {
    moduleFiles = moduleFiles == null ? Map.of() : Map.copyOf(moduleFiles);
  }
}
