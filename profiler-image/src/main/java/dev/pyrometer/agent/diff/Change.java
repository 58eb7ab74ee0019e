package dev.pyrometer.agent.diff;

/**
 * How much one path, function or cause weighed in BASE and in NEW.
 *
 * @param name what changed: a stack ({@code a;b;c}), a function or a cause
 * @param base weight in BASE (samples or bytes)
 * @param news weight in NEW
 * @param baseShare fraction of BASE's total, 0..1
 * @param newShare fraction of NEW's total, 0..1
 */
public record Change(String name, long base, long news, double baseShare, double newShare) {

  static Change of(String name, long base, long news, long baseTotal, long newTotal) {
    return new Change(name, base, news, baseTotal > 0 ? (double) base / baseTotal : 0,
        newTotal > 0 ? (double) news / newTotal : 0);
  }

  /** Change in share, in percentage points: positive grew, negative shrank. */
  public double points() {
    return 100 * (newShare - baseShare);
  }

  /** Change in weight (samples or bytes). */
  public long delta() {
    return news - base;
  }
}
