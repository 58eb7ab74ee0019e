package dev.pyrometer.operator.schedule.insight;

/**
 * One thing a profile spends a fraction of its samples on, comparable between two sessions by
 * {@link #key()}.
 *
 * @param dimension a cause (a finding: a kind of wait or CPU work at one place), a function
 *     (inclusive), or a whole path
 * @param key what identifies it across sessions (kind and location, function and file, the path)
 * @param subject who does it, for the sentence: the application function, or the path
 * @param where what it waits or works in, e.g. {@code subprocess.run}; null when nothing more is known
 * @param blocking whether the samples are waits (off-CPU) rather than CPU work
 * @param share the fraction of all samples, 0..1
 */
public record Share(Dimension dimension, String key, String subject, String where, boolean blocking, double share) {

  /** Ordered by how much a change in it tells: causes first. */
  public enum Dimension {
    CAUSE,
    FUNCTION,
    PATH
  }

  public Share withShare(double value) {
    return new Share(dimension, key, subject, where, blocking, value);
  }
}
