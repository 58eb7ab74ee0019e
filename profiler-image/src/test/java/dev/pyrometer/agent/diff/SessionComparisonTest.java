package dev.pyrometer.agent.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.contract.ArtifactRef;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run compared with a base session's profile (spec.compareTo): the files beside the run's own,
 * the report section and the insight sentence; process roots never make a change of their own.
 */
class SessionComparisonTest {
  @TempDir Path dir;

  @Test
  void aMemoryComparisonNamesTheReferencePathThatGrewAsAUserWritesIt() throws Exception {
    CallTree base = BaseProfileFetcher.withoutProcesses(FoldedStacks.parse("""
        process 1: python app.py;sys.modules;leakmod;CACHE (dict) 1000
        process 1: python app.py;sys.modules;other;ROWS (list) 5000
        """).tree());
    // two processes this time, with other pids: their roots are no change
    Path news = Files.writeString(dir.resolve("memory.folded"), """
        process 7: python app.py;sys.modules;leakmod;CACHE (dict) 30000
        process 8: python app.py;sys.modules;leakmod;CACHE (dict) 21000
        process 8: python app.py;sys.modules;other;ROWS (list) 5000
        """);

    SessionComparison c = SessionComparison.of(base, null, news, true, "session nightly-1", dir);

    assertThat(c.sentence()).isEqualTo("leakmod.CACHE (dict) grew by 48.8 KiB since session nightly-1 (1000 B → 49.8 KiB)");
    assertThat(c.artifacts()).extracting(ArtifactRef::name).containsExactly("diff-flamegraph.html", "diff.folded", "diff.json");
    assertThat(Files.readString(dir.resolve("diff.folded"))).contains("sys.modules;leakmod;CACHE (dict) 1000 51000")
        .doesNotContain("process ");
    assertThat(section(c)).contains("id=\"diff-paths\"").contains("src=\"diff-flamegraph.html\"");
  }

  @Test
  void aCpuComparisonSaysWhoseShareMovedAndByHowManyPoints() throws Exception {
    CallTree base = FoldedStacks.parse("main (app.py:3);hot (app.py:10) 70\nmain (app.py:3);cold (app.py:20) 30\n").tree();
    Path news = Files.writeString(dir.resolve("profile.folded"), "main (app.py:3);hot (app.py:10) 300\nmain (app.py:3);cold (app.py:20) 700\n");

    SessionComparison c = SessionComparison.of(base, null, news, false, "session cpu-before", dir);

    assertThat(c.sentence()).containsPattern("^(cold runs 40 points more|hot runs 40 points less) than session cpu-before \\(");
    assertThat(section(c)).contains("id=\"diff-causes\"");
  }

  @Test
  void aBaseThatCannotBeHadIsSaidSoAndNothingIsWritten() throws Exception {
    Path news = Files.writeString(dir.resolve("profile.folded"), "main (app.py:3) 10\n");

    SessionComparison c = SessionComparison.of(null, "base profile 1 could not be downloaded (HTTP 403)", news, false,
        "session gone", dir);

    assertThat(c.sentence()).isEqualTo("not compared with session gone: base profile 1 could not be downloaded (HTTP 403)");
    assertThat(c.artifacts()).isEmpty();
    assertThat(Files.exists(dir.resolve("diff.folded"))).isFalse();
    assertThat(section(c)).contains("not compared with session gone");
  }

  private static String section(SessionComparison c) {
    StringWriter out = new StringWriter();
    c.section().write(new Html(out));
    return out.toString();
  }
}
