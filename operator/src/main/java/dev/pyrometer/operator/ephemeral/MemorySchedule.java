package dev.pyrometer.operator.ephemeral;

import java.time.Duration;

/**
 * How a memory session spreads its heap snapshots over its duration: the first at the start, the
 * last at the end, about one every ten seconds (at least two, so that growth can be measured; at
 * most six, since each snapshot copies the heap and briefly loads the target).
 *
 * @param snapshots how many (2 to 6)
 * @param interval the time between two snapshots' starts
 */
public record MemorySchedule(int snapshots, Duration interval) {
  static final int MIN_SNAPSHOTS = 2;
  static final int MAX_SNAPSHOTS = 6;
  static final Duration SPACING = Duration.ofSeconds(10);

  public static MemorySchedule of(Duration duration) {
    long count = 1 + duration.toMillis() / SPACING.toMillis();
    int snapshots = (int) Math.max(MIN_SNAPSHOTS, Math.min(MAX_SNAPSHOTS, count));
    return new MemorySchedule(snapshots, Duration.ofMillis(duration.toMillis() / (snapshots - 1)));
  }
}
