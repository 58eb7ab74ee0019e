package dev.pyrometer.kubectl;

/**
 * An expected failure: its message is the one line the user sees, its code the exit code. Named
 * factories keep each kind of failure with its code.
 */
public final class PluginException extends RuntimeException {
  private final int exitCode;

  public PluginException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static PluginException usage(String message) {
    return new PluginException(ExitCode.USAGE, message);
  }

  public static PluginException notFound(String message) {
    return new PluginException(ExitCode.NOT_FOUND, message);
  }

  public static PluginException kubernetes(String message) {
    return new PluginException(ExitCode.KUBERNETES, message);
  }

  public static PluginException consoleUnreachable(String message) {
    return new PluginException(ExitCode.CONSOLE_UNREACHABLE, message);
  }

  public static PluginException consoleRefused(String message) {
    return new PluginException(ExitCode.CONSOLE_REFUSED, message);
  }

  public static PluginException download(String message) {
    return new PluginException(ExitCode.DOWNLOAD, message);
  }
}
