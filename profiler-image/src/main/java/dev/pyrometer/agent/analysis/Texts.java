package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.sample.SampleMode;
import java.util.Locale;

/** Number and name formatting shared by the diagnosis texts. */
final class Texts {
  /** Titles go to a printer column: keep them short. */
  static final int TITLE_LIMIT = 64;

  private Texts() {}

  static String percent(double share) {
    return Html.percent(share);
  }

  static String seconds(double seconds) {
    if (seconds < 1) {
      return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }
    return seconds < 100 ? String.format(Locale.ROOT, "%.1f s", seconds) : String.format(Locale.ROOT, "%.0f s", seconds);
  }

  /** "the off-CPU samples", "the CPU samples", "the wall-clock samples". */
  static String basis(SampleMode mode) {
    return switch (mode) {
      case CPU -> "the CPU samples";
      case WALL -> "the wall-clock samples";
      case OFFCPU -> "the off-CPU samples";
    };
  }

  static String modeName(SampleMode mode) {
    return switch (mode) {
      case CPU -> "CPU";
      case WALL -> "wall-clock";
      case OFFCPU -> "off-CPU";
    };
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** A function name short enough for a title: the last two parts of a qualified name, cut if still long. */
  static String shortFunction(String qualified, int max) {
    String name = qualified;
    int last = name.lastIndexOf('.');
    if (last > 0) {
      int before = name.lastIndexOf('.', last - 1);
      if (before >= 0 && !name.substring(before + 1, last).equals("<locals>")) {
        name = name.substring(before + 1);
      } else if (before >= 0) {
        name = name.substring(last + 1);
      }
    }
    return cut(name, max);
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "…";
  }

  static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
