package dev.pyrometer.agent.heap.growth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Ranks what grew across a series of snapshots by its least-squares slope: reference paths (each
 * path's bytes include everything below it), types, and containers that kept their address and
 * path while their length grew. A path whose growth is almost all one named child's is
 * represented by that child, so the answer names the container that grows, not every ancestor of
 * it (its anonymous items, {@code [*values]}..., do not replace it).
 */
public final class GrowthAnalyzer {
  static final int LIMIT = 20;
  /** A path whose child explains this share of its growth is left to the child. */
  private static final double DOMINANT_CHILD = 0.9;
  /** Growth below this many bytes over the whole series is noise. */
  private static final long MIN_GROWTH = 64 * 1024;

  private GrowthAnalyzer() {}

  public static GrowthReport analyze(List<SnapshotDigest> series) {
    double[] seconds = seconds(series);
    List<String> times = series.stream().map(d -> d.takenAt().toString()).toList();
    List<Map<String, Long>> totals = series.stream().map(d -> prefixTotals(d.pathBytes())).toList();
    return new GrowthReport(times, paths(totals, seconds), series(series, SnapshotDigest::typeBytes, seconds, Set.of()),
        containers(series, seconds));
  }

  /** Bytes per folded path in the first and last snapshots, for the differential folded file. */
  public static List<GrowthReport.PathDiff> diff(List<SnapshotDigest> series) {
    Map<String, Long> first = series.get(0).pathBytes();
    Map<String, Long> last = series.get(series.size() - 1).pathBytes();
    Set<String> paths = new TreeSet<>(first.keySet());
    paths.addAll(last.keySet());
    return paths.stream().map(p -> new GrowthReport.PathDiff(p, first.getOrDefault(p, 0L), last.getOrDefault(p, 0L))).toList();
  }

  private static double[] seconds(List<SnapshotDigest> series) {
    double[] out = new double[series.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.between(series.get(0).takenAt(), series.get(i).takenAt()).toNanos() / 1e9;
    }
    return out;
  }

  /** Bytes of every path prefix, from bytes per folded line. */
  static Map<String, Long> prefixTotals(Map<String, Long> lines) {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<String, Long> e : lines.entrySet()) {
      String path = e.getKey();
      for (int end = path.indexOf(';'); end >= 0; end = path.indexOf(';', end + 1)) {
        out.merge(path.substring(0, end), e.getValue(), Long::sum);
      }
      out.merge(path, e.getValue(), Long::sum);
    }
    return out;
  }

  private static List<GrowthReport.Series> paths(List<Map<String, Long>> totals, double[] seconds) {
    Map<String, Long> first = totals.get(0);
    Map<String, Long> last = totals.get(totals.size() - 1);
    Map<String, Long> growth = new HashMap<>();
    for (Map.Entry<String, Long> e : last.entrySet()) {
      growth.put(e.getKey(), e.getValue() - first.getOrDefault(e.getKey(), 0L));
    }
    Map<String, Long> largestChildGrowth = new HashMap<>();
    for (Map.Entry<String, Long> e : growth.entrySet()) {
      int cut = e.getKey().lastIndexOf(';');
      if (cut > 0 && !e.getKey().startsWith("[*", cut + 1)) { // anonymous items never stand for their container
        largestChildGrowth.merge(e.getKey().substring(0, cut), e.getValue(), Math::max);
      }
    }
    Set<String> explained = new LinkedHashSet<>();
    for (Map.Entry<String, Long> e : growth.entrySet()) {
      long child = largestChildGrowth.getOrDefault(e.getKey(), 0L);
      if (e.getValue() < MIN_GROWTH || child >= DOMINANT_CHILD * e.getValue()) {
        explained.add(e.getKey());
      }
    }
    return series(totals, Function.identity(), seconds, explained);
  }

  private static <T> List<GrowthReport.Series> series(List<T> snapshots, Function<T, Map<String, Long>> values,
      double[] seconds, Set<String> skipped) {
    Map<String, Long> last = values.apply(snapshots.get(snapshots.size() - 1));
    List<GrowthReport.Series> out = new ArrayList<>();
    for (String name : last.keySet()) {
      if (skipped.contains(name)) {
        continue;
      }
      List<Long> bytes = snapshots.stream().map(s -> values.apply(s).getOrDefault(name, 0L)).toList();
      double slope = slope(seconds, bytes);
      if (slope > 0 && bytes.get(bytes.size() - 1) - bytes.get(0) >= MIN_GROWTH) {
        out.add(new GrowthReport.Series(name, bytes, slope, monotonic(bytes)));
      }
    }
    out.sort(Comparator.comparingDouble(GrowthReport.Series::slopeBytesPerSecond).reversed());
    return out.size() > LIMIT ? List.copyOf(out.subList(0, LIMIT)) : out;
  }

  private static List<GrowthReport.ContainerSeries> containers(List<SnapshotDigest> series, double[] seconds) {
    List<GrowthReport.ContainerSeries> out = new ArrayList<>();
    for (SnapshotDigest.Container c : series.get(series.size() - 1).containers()) {
      List<Long> lengths = new ArrayList<>();
      for (SnapshotDigest d : series) {
        lengths.add(d.containers().stream()
            .filter(o -> o.address() == c.address() && o.path().equals(c.path()))
            .mapToLong(SnapshotDigest.Container::length).findFirst().orElse(-1));
      }
      long seen = lengths.stream().filter(l -> l >= 0).count();
      List<Long> known = lengths.stream().map(l -> Math.max(0, l)).toList();
      double slope = slope(seconds, known);
      if (seen >= 2 && slope > 0 && known.get(known.size() - 1) > known.get(0)) {
        out.add(new GrowthReport.ContainerSeries(c.path(), c.type(), lengths, slope));
      }
    }
    out.sort(Comparator.comparingDouble(GrowthReport.ContainerSeries::slopeItemsPerSecond).reversed());
    return out.size() > LIMIT ? List.copyOf(out.subList(0, LIMIT)) : out;
  }

  /** Least-squares slope of y over x. */
  static double slope(double[] x, List<Long> y) {
    int n = y.size();
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y.get(i) / (double) n;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (x[i] - mx) * (y.get(i) - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  private static boolean monotonic(List<Long> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) < values.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
