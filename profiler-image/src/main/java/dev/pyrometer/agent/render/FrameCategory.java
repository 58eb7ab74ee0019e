package dev.pyrometer.agent.render;

import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.SourcePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a frame's code comes from, which is what a flame graph colours it by. */
public enum FrameCategory {
  /** The application's own Python code: anything not in the standard library or site-packages. */
  APP,
  /** Python's standard library, including frozen modules. */
  STDLIB,
  /** Third-party packages under site-packages or dist-packages. */
  LIBRARY,
  /** A system call a thread is blocked in. */
  SYSCALL,
  /** A marker such as {@code <truncated>}. */
  MARKER,
  /** A process or thread level, or the root. */
  CONTEXT;

  private static final Set<String> STDLIB_MODULES = loadStdlibModules();

  public static FrameCategory of(FrameKey frame) {
    return switch (frame.kind()) {
      case PROCESS, THREAD -> CONTEXT;
      case SYSCALL -> SYSCALL;
      case MARKER -> MARKER;
      case PYTHON -> ofPythonFile(frame.file());
    };
  }

  /**
   * The category of a frame known only by its label ({@code fn (json/__init__.py:12)}, as folded
   * files and heap paths keep it): a label that is not a Python frame is a marker.
   */
  public static FrameCategory ofLabel(String label) {
    return of(FrameLabels.parse(label));
  }

  /**
   * Where a module comes from: by its {@code __file__}, else (built-in and frozen modules have
   * none) by its name; a module neither tells is a marker (unknown).
   */
  public static FrameCategory ofModule(String name, String file) {
    if (file != null && !file.isEmpty()) {
      return ofPythonFile(file);
    }
    int dot = name.indexOf('.');
    return STDLIB_MODULES.contains(dot >= 0 ? name.substring(0, dot) : name) ? STDLIB : MARKER;
  }

  /** Lower-case name, as the flame graph page knows it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static FrameCategory ofPythonFile(String file) {
    if (file == null) {
      return APP;
    }
    if (file.startsWith(FrameLabels.FOLDED_PATH_ROOT)) {
      // read back from a folded file: only the shortened path is known
      return isStdlibModule(file.substring(FrameLabels.FOLDED_PATH_ROOT.length())) ? STDLIB : LIBRARY;
    }
    if (file.contains("/site-packages/") || file.contains("/dist-packages/")) {
      return LIBRARY;
    }
    if (file.startsWith("<frozen ") || SourcePaths.stdlibRootEnd(file) >= 0) {
      return STDLIB;
    }
    return !file.startsWith("/") && isStdlibModule(file) ? STDLIB : APP;
  }

  /** True when the first segment of a relative path names a standard-library module or package. */
  private static boolean isStdlibModule(String relativePath) {
    int slash = relativePath.indexOf('/');
    String first = slash >= 0 ? relativePath.substring(0, slash) : relativePath;
    if (slash < 0) {
      if (!first.endsWith(".py")) {
        return false;
      }
      first = first.substring(0, first.length() - 3);
    }
    return STDLIB_MODULES.contains(first);
  }

  private static Set<String> loadStdlibModules() {
    try (InputStream in = FrameCategory.class.getResourceAsStream("stdlib-modules.txt")) {
      if (in == null) {
        throw new IllegalStateException("resource stdlib-modules.txt is missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdlib-modules.txt", e);
    }
  }
}
