package dev.pyrometer.operator.status;

import java.util.Locale;

/** Counts and sizes as a status line shows them: {@code 58,210}, {@code 12.3 MiB}. */
public final class Quantities {
  private Quantities() {}

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Powers of 1024, as memory is counted. */
  public static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
