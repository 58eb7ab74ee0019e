package dev.pyrometer.agent.python;

/**
 * A CPython version as {@code PY_VERSION_HEX} encodes it: major, minor, micro, release level
 * (0xA alpha, 0xB beta, 0xC candidate, 0xF final) and serial.
 */
public record PythonVersion(int major, int minor, int micro, int releaseLevel, int serial) {
  public static final int FINAL = 0xF;

  public static PythonVersion fromHex(long hex) {
    return new PythonVersion((int) (hex >>> 24) & 0xff, (int) (hex >>> 16) & 0xff,
        (int) (hex >>> 8) & 0xff, (int) (hex >>> 4) & 0xf, (int) hex & 0xf);
  }

  /** Parses {@code 3.12.1}, {@code 3.15.0a3}, {@code 3.13.0rc1}. */
  public static PythonVersion parse(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:(a|b|rc)(\\d+))?").matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("not a Python version: " + text);
    }
    int level = m.group(4) == null ? FINAL : switch (m.group(4)) {
      case "a" -> 0xA;
      case "b" -> 0xB;
      default -> 0xC;
    };
    int serial = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
    return new PythonVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), level, serial);
  }

  public boolean isFinal() {
    return releaseLevel == FINAL;
  }

  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    String base = major + "." + minor + "." + micro;
    return switch (releaseLevel) {
      case 0xA -> base + "a" + serial;
      case 0xB -> base + "b" + serial;
      case 0xC -> base + "rc" + serial;
      default -> base;
    };
  }
}
