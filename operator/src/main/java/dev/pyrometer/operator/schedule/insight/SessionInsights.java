package dev.pyrometer.operator.schedule.insight;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.ProfileSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The insight line of a scheduled session: its report.json (one per target pod) compared with
 * the report.json of the schedule's previous successful session.
 */
public final class SessionInsights {
  static final String REPORT = "report.json";

  private final ReportStore store;

  public SessionInsights(ReportStore store) {
    this.store = store;
  }

  /** The line for {@code next}, compared with {@code base}; never throws. */
  public String compare(ProfileSession base, ProfileSession next) {
    String baseName = base.getMetadata().getName();
    try {
      List<Share> before = shares(base);
      List<Share> after = shares(next);
      return ShareComparison.insight(before, baseName, after);
    } catch (NotComparable e) {
      return "not compared with the previous session (" + baseName + "): " + e.getMessage();
    }
  }

  private List<Share> shares(ProfileSession session) {
    String name = session.getMetadata().getName();
    List<ArtifactStatus> reports =
        session.getStatus().getArtifacts().stream().filter(a -> REPORT.equals(a.name())).toList();
    if (reports.isEmpty()) {
      throw new NotComparable(name + " has no " + REPORT + " (memory sessions are not compared yet)");
    }
    List<ReportShares.PodReport> pods = new ArrayList<>();
    for (ArtifactStatus a : reports) {
      try {
        pods.add(ReportShares.parse(store.read(a.uri())));
      } catch (IOException | IllegalArgumentException e) {
        throw new NotComparable("cannot read " + a.uri() + ": " + e.getMessage());
      }
    }
    return ReportShares.merge(pods);
  }

  private static final class NotComparable extends RuntimeException {
    NotComparable(String message) {
      super(message, null, false, false);
    }
  }
}
