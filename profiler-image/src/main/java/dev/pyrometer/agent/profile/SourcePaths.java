package dev.pyrometer.agent.profile;

/**
 * Shortens source paths for display the way users read them: a library file relative to its
 * {@code site-packages}, a standard-library file relative to {@code lib/pythonX.Y}, anything else
 * by its base name.
 */
public final class SourcePaths {
  private static final String[] LIBRARY_ROOTS = {"/site-packages/", "/dist-packages/"};

  private SourcePaths() {}

  public static String shortName(String path) {
    if (path == null || path.isEmpty()) {
      return "?";
    }
    for (String root : LIBRARY_ROOTS) {
      int at = path.lastIndexOf(root);
      if (at >= 0) {
        return path.substring(at + root.length());
      }
    }
    int stdlib = stdlibRootEnd(path);
    if (stdlib >= 0) {
      return path.substring(stdlib);
    }
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }

  /** Index just past {@code /lib/pythonX.Y/} in the path, or -1. */
  public static int stdlibRootEnd(String path) {
    int at = path.indexOf("/lib/python3");
    while (at >= 0) {
      int slash = path.indexOf('/', at + "/lib/python3".length());
      if (slash > 0 && path.substring(at + "/lib/python".length(), slash).matches("3\\.\\d+t?")) {
        return slash + 1;
      }
      at = path.indexOf("/lib/python3", at + 1);
    }
    return -1;
  }
}
