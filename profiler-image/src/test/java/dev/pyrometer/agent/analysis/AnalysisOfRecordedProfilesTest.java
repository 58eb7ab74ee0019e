package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guided analysis of real recordings (scenario programs and the benchmark's many-stacks target,
 * recorded by the real sampler, kept with the source lines the analysis read) gives the report.json
 * it gave when the recordings were made: the analysis that walks the call tree once and keeps no
 * object per stack writes what the one that kept a classified path per stack wrote, byte for byte.
 * {@link AnalysisGoldenRecorder} records them again (with the analysis of the day).
 */
class AnalysisOfRecordedProfilesTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "analysis-golden");

  @Test
  void reportJsonOfEveryRecordedProfileIsWhatItWas() throws IOException {
    List<Path> trees;
    try (Stream<Path> files = Files.list(GOLDEN)) {
      trees = files.filter(p -> p.toString().endsWith(".profile.txt")).sorted().toList();
    }
    assertThat(trees).hasSizeGreaterThanOrEqualTo(6);
    for (Path tree : trees) {
      RecordedProfileFile.Replay replay = RecordedProfileFile.read(tree);
      String expected = Files.readString(jsonOf(tree), StandardCharsets.UTF_8);
      assertThat(ReportJson.toJson(GuidedAnalysis.analyse(replay.profile(), replay.sources())))
          .as(tree.getFileName().toString()).isEqualTo(expected);
    }
  }

  static Path jsonOf(Path tree) {
    return tree.resolveSibling(tree.getFileName().toString().replace(".profile.txt", ".report.json"));
  }
}
