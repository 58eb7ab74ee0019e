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
          Artifact.SUMMARY);
  private static final List<Artifact> HEAP =
      List.of(
          Artifact.REPORT_HTML,
          Artifact.MEMORY_FLAMEGRAPH,
          Artifact.MEMORY_FOLDED,
          Artifact.MEMORY_REPORT_JSON,
          Artifact.SUMMARY);

  private UploadPlan() {}

  /** The artifacts of a mode, the one to open first (the report) first. */
  public static List<Artifact> artifactsFor(Mode mode) {
    return mode == Mode.MEMORY ? HEAP : RECORD;
  }

  /** Orders artifact names so that the main report comes first, as in {@link #artifactsFor}. */
  public static int rank(String fileName) {
    int i = 0;
    for (Artifact a : RECORD) {
      if (a.fileName().equals(fileName)) {
        return i;
      }
      i++;
    }
    for (Artifact a : HEAP) {
      if (a.fileName().equals(fileName)) {
        return i;
      }
      i++;
    }
    return i;
  }
}
