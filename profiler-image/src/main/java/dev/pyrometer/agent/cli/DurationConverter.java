package dev.pyrometer.agent.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as Kubernetes and Go write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String text = value.trim();
    if (text.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(text)); // a bare number means seconds
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      long millis = switch (m.group(2)) {
        case "ms" -> Math.round(amount);
        case "s" -> Math.round(amount * 1_000);
        case "m" -> Math.round(amount * 60_000);
        default -> Math.round(amount * 3_600_000);
      };
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, 1h30m)");
    }
    return total;
  }
}
