package dev.pyrometer.agent.python.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.TestPythons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift check: regenerating the tables from the CPython headers on this machine must reproduce the
 * committed resources byte for byte.
 */
class GeneratedLayoutsTest {

  static final Path MODULE = Path.of(System.getProperty("basedir", "."));
  static final Path GENERATOR = MODULE.resolve("tools/layouts/generate-layouts");
  static final Path COMMITTED = MODULE.resolve("src/main/resources/dev/pyrometer/agent/python/layouts");
  static final List<Integer> ALL_MINORS = IntStream.rangeClosed(8, 15).boxed().toList();

  @Test
  void regeneratingFromTheHeadersReproducesTheCommittedTables(@TempDir Path out) throws Exception {
    if (!onPath("gcc")) {
      TestPythons.missing("gcc (needed to regenerate the layout tables)");
    }
    Path log = out.resolve("generator.log");
    Process generator = new ProcessBuilder(GENERATOR.toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(generator.waitFor(5, TimeUnit.MINUTES)).as("generator finished in time").isTrue();
    assertThat(generator.exitValue()).as("generator exit status; log:%n%s", Files.readString(log)).isZero();

    List<Integer> generated = ALL_MINORS.stream().filter(m -> Files.exists(table(out, m))).toList();
    List<Integer> withoutHeaders = ALL_MINORS.stream().filter(m -> !generated.contains(m)).toList();
    // outside CI a partial header set still checks the versions it has
    if (!withoutHeaders.isEmpty()) {
      if (TestPythons.inCi() || generated.isEmpty()) {
        String versions = withoutHeaders.stream().map(m -> "3." + m).collect(Collectors.joining(", "));
        TestPythons.missing("CPython headers for " + versions + " (generator log: " + Files.readString(log) + ")");
      }
    }
    for (int minor : generated) {
      assertThat(Files.readString(table(out, minor)))
          .as("python-3.%d.properties regenerated from the headers; rerun %s and commit if intended", minor, GENERATOR)
          .isEqualTo(Files.readString(table(COMMITTED, minor)));
    }
    try (Stream<Path> committed = Files.list(COMMITTED)) {
      assertThat(committed.map(p -> p.getFileName().toString()))
          .as("committed tables").containsExactlyInAnyOrderElementsOf(
              ALL_MINORS.stream().map(m -> "python-3." + m + ".properties").toList());
    }
  }

  private static Path table(Path directory, int minor) {
    return directory.resolve("python-3." + minor + ".properties");
  }

  private static boolean onPath(String tool) throws IOException, InterruptedException {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
    return which.waitFor() == 0;
  }
}
