package dev.pyrometer.operator.storage;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.operator.api.Mode;
import java.util.List;

/** Which artifacts the agent writes in each mode, and so which upload URLs it needs. */
public final class UploadPlan {
  private static final List<Artifact> RECORD =
      List.of(
          Artifact.REPORT_HTML,
          Artifact.FLAMEGRAPH,
          Artifact.SPEEDSCOPE,
          Artifact.FOLDED,
          Artifact.REPORT_JSON,
          Artifact.PPROF,
          Artifact.SUMMARY);
  private static final List<Artifact> HEAP =
      List.of(
          Artifact.REPORT_HTML,
          Artifact.MEMORY_FLAMEGRAPH,
          Artifact.MEMORY_FOLDED,
          Artifact.MEMORY_REPORT_JSON,
          Artifact.MEMORY_DIFF_FOLDED,
          Artifact.MEMORY_PPROF,
          Artifact.SUMMARY);

  private UploadPlan() {}

  /** The artifacts of a mode, the one to open first (the report) first. */
  public static List<Artifact> artifactsFor(Mode mode) {
    return mode == Mode.MEMORY ? HEAP : RECORD;
  }

  /** With {@code compared}, also the comparison's (spec.compareTo). */
  public static List<Artifact> artifactsFor(Mode mode, boolean compared) {
    if (!compared) {
      return artifactsFor(mode);
    }
    List<Artifact> all = new java.util.ArrayList<>(artifactsFor(mode));
    all.addAll(all.size() - 1, List.of(Artifact.DIFF_FLAMEGRAPH, Artifact.DIFF_FOLDED, Artifact.DIFF_JSON));
    return List.copyOf(all);
  }

  /** Every artifact in the order a user wants them: the report, then the graphs, then data. */
  private static final List<Artifact> DISPLAY_ORDER =
      List.of(
          Artifact.REPORT_HTML,
          Artifact.FLAMEGRAPH,
          Artifact.MEMORY_FLAMEGRAPH,
          Artifact.DIFF_FLAMEGRAPH,
          Artifact.SPEEDSCOPE,
          Artifact.FOLDED,
          Artifact.MEMORY_FOLDED,
          Artifact.REPORT_JSON,
          Artifact.MEMORY_REPORT_JSON,
          Artifact.MEMORY_DIFF_FOLDED,
          Artifact.DIFF_FOLDED,
          Artifact.DIFF_JSON,
          Artifact.PPROF,
          Artifact.MEMORY_PPROF,
          Artifact.SUMMARY);

  /** Orders artifact names so that the main report comes first; unknown names go last. */
  public static int rank(String fileName) {
    return Artifact.byFileName(fileName).map(DISPLAY_ORDER::indexOf).filter(i -> i >= 0).orElse(DISPLAY_ORDER.size());
  }
}
