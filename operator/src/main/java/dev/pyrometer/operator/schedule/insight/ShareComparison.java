package dev.pyrometer.operator.schedule.insight;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares two profiles' shares and names the largest change, in points (percent of all samples):
 * the cause, function or path whose share grew or shrank the most. Pure: no storage, no cluster.
 */
public final class ShareComparison {
  /** Changes below this many points are noise between two runs, not an insight. */
  public static final double MIN_POINTS = 2.0;

  private ShareComparison() {}

  /**
   * One change between the base session and the new one.
   *
   * @param before the share in the base session (0 when it did not appear there)
   * @param after the share in the new session (0 when it no longer appears)
   */
  public record Change(Share share, double before, double after) {
    /** Grown (positive) or shrunk (negative) by this many points. */
    public double points() {
      return (after - before) * 100;
    }

    /**
     * The written line, e.g. "handle_by_script waits 35 points more in subprocess.run than the
     * previous session (nightly-29012345)".
     */
    public String sentence(String baseSession) {
      long points = Math.round(Math.abs(points()));
      String direction = points() >= 0 ? "more" : "less";
      String than = " than the previous session (" + baseSession + ")";
      return switch (share.dimension()) {
        case CAUSE -> share.subject() + (share.blocking() ? " waits " : " spends ") + points + " points " + direction
            + (share.where() == null ? "" : " in " + share.where()) + than;
        case FUNCTION -> share.subject() + " takes " + points + " points " + direction + " of the samples" + than;
        case PATH -> "the path " + share.subject() + " takes " + points + " points " + direction + " of the samples" + than;
      };
    }
  }

  /** Every change of every shared key, largest first (growth before shrinkage, causes first on ties). */
  public static List<Change> changes(List<Share> base, List<Share> next) {
    Map<String, Change> byKey = new LinkedHashMap<>();
    for (Share s : next) {
      byKey.put(id(s), new Change(s, 0, s.share()));
    }
    for (Share s : base) {
      Change seen = byKey.get(id(s));
      byKey.put(id(s), seen == null ? new Change(s, s.share(), 0) : new Change(seen.share(), s.share(), seen.after()));
    }
    return byKey.values().stream()
        .sorted(Comparator.comparingDouble((Change c) -> -Math.round(Math.abs(c.points())))
            .thenComparing(c -> c.points() < 0)
            .thenComparing(c -> c.share().dimension()))
        .toList();
  }

  /** The largest change, when one is at least {@link #MIN_POINTS}. */
  public static Optional<Change> largest(List<Share> base, List<Share> next) {
    return changes(base, next).stream().findFirst().filter(c -> Math.abs(c.points()) >= MIN_POINTS);
  }

  /** The insight line for a session compared with its base. */
  public static String insight(List<Share> base, String baseSession, List<Share> next) {
    return largest(base, next)
        .map(c -> c.sentence(baseSession))
        .orElse(String.format(Locale.ROOT, "no change of %.0f points or more since the previous session (%s)", MIN_POINTS, baseSession));
  }

  private static String id(Share s) {
    return s.dimension() + " " + s.key();
  }
}
