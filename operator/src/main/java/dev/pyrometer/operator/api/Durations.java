package dev.pyrometer.operator.api;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Kubernetes-style durations ({@code 500ms}, {@code 30s}, {@code 1h30m}): the spec's syntax, the
 * agent's {@code --duration} syntax, and what CEL's {@code duration()} parses.
 */
public final class Durations {
  /** The syntax the CRD schema accepts. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration in the {@link #PATTERN} syntax.
   *
   * @throws IllegalArgumentException naming the bad text, when it does not match
   */
  public static Duration parse(String text) {
    if (text == null || !text.matches(PATTERN)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration like 30s, 5m or 1m30s");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total;
  }

  /** The shortest text in the {@link #PATTERN} syntax, e.g. {@code 1m30s}. */
  public static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      out.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || out.length() == 0) {
      out.append(s).append('s');
    }
    return out.toString();
  }
}
