package dev.pyrometer.agent.diff;

import java.util.Locale;

/** Byte counts as people read them: {@code 512 B}, {@code 12.3 KiB}, {@code 4.0 MiB}. */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  static String bytes(long value) {
    double v = value;
    int unit = 0;
    while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
  }
}
