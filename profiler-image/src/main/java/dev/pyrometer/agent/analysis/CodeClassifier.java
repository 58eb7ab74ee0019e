package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.SourcePaths;

/**
 * Decides whose code a frame runs from its full source path: a file under {@code site-packages}
 * or {@code dist-packages} is a library (checked first, since virtualenvs put them under {@code
 * lib/pythonX.Y} too), a file under {@code lib/pythonX.Y/} or a frozen module is the standard
 * library, system calls and markers are native, and everything else is the application.
 */
public final class CodeClassifier {
  private static final String[] LIBRARY_ROOTS = {"/site-packages/", "/dist-packages/"};
  private static final String FROZEN = "<frozen ";

  private CodeClassifier() {}

  public static CodeFrame classify(FrameKey key) {
    if (key.kind() != FrameKind.PYTHON) {
      return new CodeFrame(key, CodeCategory.NATIVE, null);
    }
    String file = key.file();
    if (file == null || file.isEmpty() || file.equals("<shim>") || file.equals("<native>")) {
      return new CodeFrame(key, CodeCategory.NATIVE, null);
    }
    if (file.startsWith(FROZEN) && file.endsWith(">")) {
      return new CodeFrame(key, CodeCategory.STDLIB, file.substring(FROZEN.length(), file.length() - 1));
    }
    for (String root : LIBRARY_ROOTS) {
      int at = file.lastIndexOf(root);
      if (at >= 0) {
        return new CodeFrame(key, CodeCategory.LIBRARY, moduleOf(file.substring(at + root.length())));
      }
    }
    int stdlib = SourcePaths.stdlibRootEnd(file);
    if (stdlib >= 0) {
      return new CodeFrame(key, CodeCategory.STDLIB, moduleOf(file.substring(stdlib)));
    }
    // Application code: the module is the file's own name (a package's __init__ is its directory).
    int slash = file.lastIndexOf('/');
    if (file.endsWith("/__init__.py")) {
      slash = file.lastIndexOf('/', slash - 1);
    }
    return new CodeFrame(key, CodeCategory.APP, moduleOf(file.substring(slash + 1)));
  }

  /** {@code concurrent/futures/thread.py} → {@code concurrent.futures.thread}; packages drop {@code __init__}. */
  static String moduleOf(String relativePath) {
    String path = relativePath;
    if (path.endsWith(".py")) {
      path = path.substring(0, path.length() - 3);
    } else if (path.endsWith(".pyc") || path.endsWith(".pyx")) {
      path = path.substring(0, path.length() - 4);
    }
    if (path.endsWith("/__init__")) {
      path = path.substring(0, path.length() - "/__init__".length());
    }
    return path.replace('/', '.');
  }
}
