package dev.pyrometer.agent.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.contract.ExitReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pyrometer diff} on folded and pprof inputs written by hand: rankings, files, bad input. */
class DiffCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static final String BASE_FOLDED = """
      main (demo_app.py:40);handle_by_script (demo_app.py:24);run (subprocess.py:550);wait4_[k] 20
      main (demo_app.py:40);report (demo_app.py:60);dumps (json/__init__.py:231) 50
      main (demo_app.py:40);report (demo_app.py:61) 30
      """;
  static final String NEW_FOLDED = """
      main (demo_app.py:40);handle_by_script (demo_app.py:24);run (subprocess.py:550);wait4_[k] 110
      main (demo_app.py:40);report (demo_app.py:60);dumps (json/__init__.py:231) 60
      main (demo_app.py:40);report (demo_app.py:61) 30
      main (demo_app.py:40);brand_new (demo_app.py:70) 0
      """;

  @Test
  void namesTheLargestChangeInASentenceAndRanksCausesFunctionsAndStacks() throws IOException {
    Path base = write("base/profile.folded", BASE_FOLDED);
    Path news = write("new/profile.folded", NEW_FOLDED);
    Path out = dir.resolve("out");

    AgentRun run = AgentRun.of("diff", base.getParent().toString(), news.getParent().toString(), "--output", out.toString())
        .assertOk();

    // handle_by_script: 20 of 100 samples -> 110 of 200: +35 points
    String headline = "handle_by_script waits 35 points more in subprocess.run than BASE (20% → 55% of samples)";
    assertThat(run.out()).startsWith(headline);
    JsonNode json = JSON.readTree(out.resolve("diff.json").toFile());
    assertThat(json.get("headline").asText()).isEqualTo(headline);
    assertThat(json.get("unit").asText()).isEqualTo("samples");
    assertThat(json.get("largestChange").get("points").asDouble()).isCloseTo(35.0, within(1e-9));
    assertThat(json.get("causes").get(0).get("name").asText()).isEqualTo("handle_by_script waits in subprocess.run");
    // report's own lines: 30% -> 15%; its json.dumps: 50% -> 30%
    assertThat(json.get("causes")).hasSize(3);
    assertThat(json.get("causes").get(1).get("name").asText()).isEqualTo("report runs in json.dumps");
    assertThat(json.get("causes").get(1).get("points").asDouble()).isCloseTo(-20.0, within(1e-9));
    assertThat(json.get("causes").get(2).get("name").asText()).isEqualTo("report runs");
    assertThat(json.get("causes").get(2).get("points").asDouble()).isCloseTo(-15.0, within(1e-9));
    assertThat(json.get("functions").get(0).get("name").asText()).isIn("handle_by_script (demo_app.py)",
        "run (subprocess.py)", "wait4_[k]");
    assertThat(json.get("paths").get(0).get("name").asText())
        .isEqualTo("main (demo_app.py:40);handle_by_script (demo_app.py:24);run (subprocess.py:550);wait4_[k]");
    assertThat(Files.readString(out.resolve("report.html"))).contains(headline.replace("→", "→"))
        .contains("id=\"diff-causes\"").contains("id=\"diff-paths\"").contains("diff-flamegraph.html");
    assertThat(Files.readAllLines(out.resolve("diff.folded"))).containsExactly(
        "main (demo_app.py:40);handle_by_script (demo_app.py:24);run (subprocess.py:550);wait4_[k] 20 110",
        "main (demo_app.py:40);report (demo_app.py:60);dumps (json/__init__.py:231) 50 60",
        "main (demo_app.py:40);report (demo_app.py:61) 30 30");
  }

  @Test
  void readsFoldedAndPprofFilesAlikeAndWritesEveryFile() throws IOException {
    Path base = write("base.folded", BASE_FOLDED);
    Path news = write("new.folded", NEW_FOLDED);
    Path out = dir.resolve("out");
    AgentRun.of("diff", base.toString(), news.toString(), "-o", out.toString()).assertOk();
    assertThat(List.of("diff.folded", "diff-flamegraph.html", "diff.json", "report.html"))
        .allSatisfy(f -> assertThat(out.resolve(f)).isNotEmptyFile());
  }

  @Test
  void comparesTwoHeapsByBytesAndNamesTheContainerThatGrew() throws IOException {
    Path base = write("a/memory.folded", """
        sys.modules;leakmod;CACHE (dict) 1000
        sys.modules;leakmod;CACHE (dict);[*values] (str) 10000
        sys.modules;app;CONFIG (dict);['users'] (list) 40000
        sys.modules;app;CONFIG (dict);['users'] (list);[*] (str) 9000
        """);
    Path news = write("b/memory.folded", """
        sys.modules;leakmod;CACHE (dict) 4000
        sys.modules;leakmod;CACHE (dict);[*values] (str) 1000000
        sys.modules;app;CONFIG (dict);['users'] (list) 40000
        sys.modules;app;CONFIG (dict);['users'] (list);[*] (str) 9000
        """);
    Path out = dir.resolve("out");
    AgentRun.of("diff", base.getParent().toString(), news.getParent().toString(), "-o", out.toString()).assertOk();
    JsonNode json = JSON.readTree(out.resolve("diff.json").toFile());
    assertThat(json.get("unit").asText()).isEqualTo("bytes");
    assertThat(json.get("largestChange").get("name").asText()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
    assertThat(json.get("largestChange").get("delta").asLong()).isEqualTo(993_000);
    assertThat(json.get("headline").asText()).startsWith("sys.modules;leakmod;CACHE (dict) holds 969.7 KiB more than BASE");
  }

  @Test
  void badInputIsOneLineWithItsExitCode() throws IOException {
    Path folded = write("rec/profile.folded", BASE_FOLDED);
    Path memory = write("heap/memory.folded", "sys.modules;x (dict) 100\n");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path garbage = write("garbage.pb.gz", "this is not gzip");
    Path text = write("notes.folded", "no count here\nnor here\n");
    Path nothing = write("nothing/profile.folded", "");
    String out = dir.resolve("out").toString();

    assertOneLine(AgentRun.of("diff", folded.toString(), dir.resolve("missing").toString(), "-o", out),
        ExitReason.INVALID_ARGUMENTS, "no such file or directory");
    assertOneLine(AgentRun.of("diff", folded.toString(), memory.toString(), "-o", out),
        ExitReason.INVALID_ARGUMENTS, "BASE holds samples (from record) but NEW holds memory");
    assertOneLine(AgentRun.of("diff", empty.toString(), folded.toString(), "-o", out),
        ExitReason.INVALID_ARGUMENTS, "holds no profile.folded");
    assertOneLine(AgentRun.of("diff", folded.toString(), garbage.toString(), "-o", out),
        ExitReason.INVALID_ARGUMENTS, "not a pprof profile");
    assertOneLine(AgentRun.of("diff", text.toString(), folded.toString(), "-o", out),
        ExitReason.INVALID_ARGUMENTS, "not a folded stack file");
    assertOneLine(AgentRun.of("diff", folded.toString(), nothing.getParent().toString(), "-o", out),
        ExitReason.NO_SAMPLES, "holds no samples");
    assertOneLine(AgentRun.of("diff", folded.toString()), ExitReason.INVALID_ARGUMENTS, "Missing required parameter");
  }

  private static void assertOneLine(AgentRun run, ExitReason reason, String text) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(reason.exitCode());
    assertThat(run.err().lines().findFirst().orElse("")).as(run.toString()).startsWith("pyrometer: ").contains(text);
    assertThat(run.err()).doesNotContain("\tat ");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }
}
