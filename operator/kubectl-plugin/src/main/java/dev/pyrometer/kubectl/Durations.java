package dev.pyrometer.kubectl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as the CRD takes them: {@code 30s}, {@code 5m}, {@code 1m30s}, {@code 500ms}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String option, String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw PluginException.usage(option + " \"" + text + "\" is not a duration like 30s, 5m or 1m30s");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
    }
    return total;
  }

  /** A session's duration: what the CRD accepts (1s to 30m). */
  public static Duration sessionDuration(String text) {
    Duration d = parse("--duration", text);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofMinutes(30)) > 0) {
      throw PluginException.usage("--duration must be between 1s and 30m (got " + text + ")");
    }
    return d;
  }

  /** For people: 1m30s, 45s. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m" + s % 60 + "s";
  }
}
