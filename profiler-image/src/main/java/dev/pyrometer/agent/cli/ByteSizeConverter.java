package dev.pyrometer.agent.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses memory sizes as Kubernetes and people write them: {@code 512Mi}, {@code 4G}, {@code 800m}, {@code 1048576}. */
final class ByteSizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)b?");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size (examples: 512Mi, 4G, 800m, 1048576)");
    }
    int power = "kmgt".indexOf(m.group(2)) + 1;
    double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
    return (long) bytes;
  }
}
