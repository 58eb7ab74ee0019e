package dev.pyrometer.agent.upload;

import java.time.Duration;

/**
 * How hard an upload tries: up to {@code maxAttempts} PUTs, waiting {@code initialBackoff} then
 * twice as long each time (at most {@code maxBackoff}), and starting no attempt once {@code budget}
 * has passed since the first. Each request may take up to {@code requestTimeout}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget, Duration requestTimeout) {

  /** 5 attempts within 30 s (waits 0.5, 1, 2, 4 s), each request up to 2 minutes for large files. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30), Duration.ofMinutes(2));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || budget.isNegative() || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("durations must not be negative and requestTimeout must be positive");
    }
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
  public Duration backoffAfter(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
