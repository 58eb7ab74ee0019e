package dev.pyrometer.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from the test's working directory (the charts/ module). */
final class RepositoryPaths {

    private RepositoryPaths() {
    }

    /** The directory holding the root pom.xml and charts/, operator/, profiler-image/, examples/. */
    static Path root() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("charts/pyrometer"))
                    && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root with charts/pyrometer above " + dir);
    }
}
