package dev.pyrometer.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** kubectl's AGE column: 45s, 5m30s, 42m, 3h20m, 2d4h, 30d. */
final class Ages {
  private Ages() {}

  static String since(String rfc3339, Instant now) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "<unknown>";
    }
    try {
      return format(Duration.between(Instant.parse(rfc3339), now));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return h % 24 == 0 ? days + "d" : days + "d" + h % 24 + "h";
    }
    return days + "d";
  }
}
