package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real CPython interpreters the test suite runs against, and the CI rule for missing tools.
 *
 * <p>Expected interpreters: pyenv 3.8–3.13 ({@code $PYENV_ROOT/versions/3.X.N/bin/python3.X},
 * highest patch, built with {@code --enable-shared}), Debian's static {@code /usr/bin/python3.11},
 * and Debian unstable's 3.14 and 3.15, static and shared, under
 * {@code $PYROMETER_PYTHONS/cpython-3.X/bin/{python3,python3-shared}} (default
 * {@code ~/.cache/pyrometer}; installed by {@code profiler-image/tools/install-test-deps}).
 *
 * <p>Usage: {@code for (Interpreter python : TestPythons.requireAll()) ...} in a test, or
 * {@code TestPythons.require(12, Kind.PYENV_SHARED)} for one. When {@code CI=true} a missing
 * interpreter fails the test; elsewhere the test is skipped with the reason.
 */
public final class TestPythons {

  /** How the interpreter was built: where libpython lives decides how the agent finds _PyRuntime. */
  public enum Kind {
    PYENV_SHARED("pyenv-shared"),
    DEBIAN_STATIC("debian-static"),
    DEBIAN_SHARED("debian-shared");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One interpreter: Python 3.{@code minor} at {@code executable}. */
  public record Interpreter(int minor, Path executable, Kind kind) {
    public boolean isInstalled() {
      return Files.isExecutable(executable);
    }

    @Override
    public String toString() {
      return "3." + minor + " " + kind.label() + " (" + executable + ")";
    }
  }

  private TestPythons() {}

  /** True when the suite runs in CI, where every expected tool and interpreter must be present. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Every interpreter the suite expects, installed or not, ordered by minor version then kind. */
  public static List<Interpreter> expected() {
    List<Interpreter> all = new ArrayList<>();
    for (int minor = 8; minor <= 13; minor++) {
      all.add(new Interpreter(minor, pyenvExecutable(minor), Kind.PYENV_SHARED));
    }
    all.add(new Interpreter(11, Path.of("/usr/bin/python3.11"), Kind.DEBIAN_STATIC));
    for (int minor = 14; minor <= 15; minor++) {
      Path bin = pythonsHome().resolve("cpython-3." + minor).resolve("bin");
      all.add(new Interpreter(minor, bin.resolve("python3"), Kind.DEBIAN_STATIC));
      all.add(new Interpreter(minor, bin.resolve("python3-shared"), Kind.DEBIAN_SHARED));
    }
    all.sort(Comparator.comparingInt(Interpreter::minor).thenComparing(Interpreter::kind));
    return List.copyOf(all);
  }

  /** The expected interpreters that are installed. */
  public static List<Interpreter> installed() {
    return expected().stream().filter(Interpreter::isInstalled).toList();
  }

  /**
   * The installed interpreters, for tests that run against all of them. In CI every expected one
   * must be installed; elsewhere the test is skipped only when none is.
   */
  public static List<Interpreter> requireAll() {
    List<Interpreter> missing = expected().stream().filter(p -> !p.isInstalled()).toList();
    if (inCi() && !missing.isEmpty()) {
      Assertions.fail("CI=true but these Python interpreters are missing: " + missing
          + " (run profiler-image/tools/install-test-deps)");
    }
    List<Interpreter> installed = installed();
    if (installed.isEmpty()) {
      missing("no Python interpreter of " + expected());
    }
    return installed;
  }

  /** The interpreter of that minor version and kind; missing: fails in CI, skips elsewhere. */
  public static Interpreter require(int minor, Kind kind) {
    Optional<Interpreter> match = expected().stream()
        .filter(p -> p.minor() == minor && p.kind() == kind).findFirst();
    if (match.isEmpty()) {
      throw new IllegalArgumentException("the suite expects no Python 3." + minor + " " + kind.label());
    }
    if (!match.get().isInstalled()) {
      missing("Python " + match.get());
    }
    return match.get();
  }

  /**
   * Reports a missing prerequisite: a test failure when {@code CI=true}, otherwise a skip (JUnit
   * abort) with the reason. Never returns.
   */
  public static void missing(String what) {
    String message = what + " is not installed (run profiler-image/tools/install-test-deps)";
    if (inCi()) {
      Assertions.fail("CI=true: " + message);
    }
    Assumptions.abort(message);
  }

  private static Path pythonsHome() {
    String configured = System.getenv("PYROMETER_PYTHONS");
    return configured != null ? Path.of(configured) : home().resolve(".cache/pyrometer");
  }

  /** The highest installed 3.X.N under pyenv (free-threaded "3.X.Nt" excluded), or the usual path. */
  private static Path pyenvExecutable(int minor) {
    String root = System.getenv("PYENV_ROOT");
    Path versions = (root != null ? Path.of(root) : home().resolve(".pyenv")).resolve("versions");
    Pattern name = Pattern.compile("3\\." + minor + "\\.(\\d+)");
    try (Stream<Path> dirs = Files.list(versions)) {
      Optional<Path> best = dirs
          .filter(dir -> name.matcher(dir.getFileName().toString()).matches())
          .max(Comparator.comparingInt(dir -> patchOf(dir, name)));
      if (best.isPresent()) {
        return best.get().resolve("bin/python3." + minor);
      }
    } catch (IOException | RuntimeException e) {
      // no pyenv: fall through to the conventional path, which is then reported as missing
    }
    return versions.resolve("3." + minor + ".x/bin/python3." + minor);
  }

  private static int patchOf(Path dir, Pattern name) {
    var matcher = name.matcher(dir.getFileName().toString());
    return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private static Path home() {
    return Path.of(System.getProperty("user.home"));
  }
}
