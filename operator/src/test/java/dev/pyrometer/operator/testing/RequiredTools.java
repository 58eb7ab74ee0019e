package dev.pyrometer.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the end-to-end tests need from the machine: root (for PID namespaces), unshare, nsenter, a
 * CPython and the built agent. Missing ones skip the tests with a clear message, except in CI
 * (CI=true), where they fail them.
 */
public final class RequiredTools {
  /** Tried in this order; the first that exists is the target's interpreter. */
  static final List<String> PYTHONS =
      List.of(
          System.getProperty("user.home") + "/.pyenv/versions/3.12.1/bin/python3.12",
          "/usr/bin/python3.11",
          "/usr/bin/python3");

  private RequiredTools() {}

  public static Path python() {
    return PYTHONS.stream().map(Path::of).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("no CPython among " + PYTHONS));
  }

  /** profiler-image/bin/pyrometer, whose jar the profiler-image build made. */
  public static Path agentLauncher() {
    return repositoryRoot().resolve("profiler-image/bin/pyrometer");
  }

  static Path repositoryRoot() {
    return dev.pyrometer.operator.api.ProfileSessionCrd.repositoryRoot();
  }

  public static Path repositoryRootForDemo() {
    return repositoryRoot();
  }

  /** For the demo: fails with the list of what is missing. */
  public static void checkForDemo() {
    List<String> missing = missing();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the local cluster needs: " + String.join("; ", missing));
    }
  }

  /** Skips (or, in CI, fails) the calling test class unless everything is there. */
  public static void check() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    String message = "end-to-end test needs: " + String.join("; ", missing);
    if ("true".equals(Optional.ofNullable(System.getenv("CI")).orElse(""))) {
      throw new IllegalStateException(message);
    }
    Assumptions.abort(message);
  }

  private static List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root (unshare --pid and nsenter need it)");
    }
    for (String tool : List.of("/usr/bin/unshare", "/usr/bin/nsenter")) {
      if (!Files.isExecutable(Path.of(tool))) {
        missing.add(tool + " (Debian package util-linux)");
      }
    }
    if (PYTHONS.stream().map(Path::of).noneMatch(Files::isExecutable)) {
      missing.add("a CPython: one of " + PYTHONS);
    }
    if (!Files.exists(repositoryRoot().resolve("profiler-image/target/pyrometer.jar"))) {
      missing.add("profiler-image/target/pyrometer.jar (mvn -pl profiler-image -am package -DskipTests)");
    }
    return missing;
  }
}
