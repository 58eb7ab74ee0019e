package dev.pyrometer.agent.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.perftools.profiles.ProfileProto.Location;
import com.google.perftools.profiles.ProfileProto.Profile;
import com.google.perftools.profiles.ProfileProto.Sample;
import dev.pyrometer.agent.pprof.PprofReader;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pyrometer diff} against real CPython processes whose change is known: a CPU split that
 * moves from 70/30 to 30/70 between two recordings, and a planted dict that grows between two heap
 * snapshots by an amount the target measures itself.
 */
class DiffGroundTruthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestPythons.Interpreter PYTHON = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);

  @TempDir Path dir;

  @Test
  void namesTheFunctionWhoseCpuShareMovedAndByHowMuch() throws Exception {
    try (PythonTarget target = PythonTarget.start(PYTHON, "cpu_shift.py", dir.resolve("target"))) {
      Path base = dir.resolve("base");
      record(target, base);
      OutputStream stdin = target.process().getOutputStream();
      stdin.write("swap\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      awaitOutput(target, "SWAPPED");
      Path news = dir.resolve("new");
      record(target, news);

      for (Path side : List.of(base, news)) {
        assertPprofMatchesFolded(side);
      }
      Path out = dir.resolve("diff");
      AgentRun run = AgentRun.of("diff", base.toString(), news.toString(), "--output", out.toString()).assertOk();
      JsonNode json = JSON.readTree(out.resolve("diff.json").toFile());
      String headline = json.get("headline").asText();
      System.out.println("diff 70/30 -> 30/70: " + headline);
      assertThat(run.out()).startsWith(headline);

      // cold went from 30% to 70% (+40 points) and hot from 70% to 30% (-40): equal by design, so
      // the headline may name either, with its own sign
      JsonNode top = json.get("largestChange");
      if (headline.startsWith("cold ")) {
        assertThat(headline).startsWith("cold runs ").contains(" points more in burn than BASE");
        assertThat(top.get("points").asDouble()).isCloseTo(40.0, within(5.0));
      } else {
        assertThat(headline).startsWith("hot runs ").contains(" points less in burn than BASE");
        assertThat(top.get("points").asDouble()).isCloseTo(-40.0, within(5.0));
      }
      assertThat(causePoints(json, "cold runs in burn")).isCloseTo(40.0, within(5.0));
      assertThat(causePoints(json, "hot runs in burn")).isCloseTo(-40.0, within(5.0));
      assertThat(json.get("causes").get(0).get("name").asText()).isIn("cold runs in burn", "hot runs in burn");
      assertThat(json.get("causes").get(1).get("name").asText()).isIn("cold runs in burn", "hot runs in burn");
    }
  }

  @Test
  void namesThePlantedDictThatGrewAndByHowManyBytes() throws Exception {
    Path script = dir.resolve("grow_on_demand.py");
    try (InputStream in = DiffGroundTruthTest.class.getResourceAsStream("/heap/grow_on_demand.py")) {
      Files.copy(in, script);
    }
    Process process = new ProcessBuilder(PYTHON.executable().toString(), "-u", script.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      JsonNode before = readReport(out, "READY ");
      String pid = before.get("pid").asText();
      Path base = dir.resolve("base");
      AgentRun.of("heap", "--pid", pid, "--output", base.toString()).assertOk();
      process.getOutputStream().write("grow 5000\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
      JsonNode after = readReport(out, "GREW ");
      Path news = dir.resolve("new");
      AgentRun.of("heap", "--pid", pid, "--output", news.toString()).assertOk();

      assertPprofMatchesFolded(news);
      // memory.pb.gz also counts objects: the dict, and a key and a value per entry
      long objects = objectsUnder(news.resolve("memory.pb.gz"), List.of("sys.modules", "leakmod", "CACHE (dict)"));
      long expectedObjects = 1 + 2 * after.get("entries").asLong();
      assertThat((double) objects).isCloseTo(expectedObjects, within(expectedObjects * 0.01));
      Path diffDir = dir.resolve("diff");
      AgentRun.of("diff", base.toString(), news.toString(), "-o", diffDir.toString()).assertOk();
      JsonNode json = JSON.readTree(diffDir.resolve("diff.json").toFile());
      System.out.println("heap diff: " + json.get("headline").asText());
      long grew = after.get("cache_deep_size").asLong() - before.get("cache_deep_size").asLong();
      JsonNode top = json.get("largestChange");
      assertThat(top.get("name").asText()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
      assertThat((double) top.get("delta").asLong()).as("bytes the dict grew, vs sys.getsizeof in process")
          .isCloseTo(grew, within(grew * 0.05));
      assertThat(json.get("headline").asText()).startsWith("sys.modules;leakmod;CACHE (dict) holds ")
          .contains(" more than BASE");
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** inuse_objects of every sample whose path starts with the prefix, root first. */
  private static long objectsUnder(Path pprof, List<String> prefix) throws IOException {
    try (InputStream in = Files.newInputStream(pprof)) {
      Profile profile = PprofReader.parse(in);
      assertThat(profile.getStringTable((int) profile.getSampleType(0).getType())).isEqualTo("inuse_objects");
      Map<Long, String> names = new HashMap<>();
      for (Location l : profile.getLocationList()) {
        long function = l.getLine(0).getFunctionId();
        names.put(l.getId(), profile.getStringTable((int) profile.getFunctionList().stream()
            .filter(f -> f.getId() == function).findFirst().orElseThrow().getName()));
      }
      long total = 0;
      for (Sample sample : profile.getSampleList()) {
        List<String> rootFirst = new ArrayList<>();
        for (int i = sample.getLocationIdCount() - 1; i >= 0; i--) {
          rootFirst.add(names.get(sample.getLocationId(i)));
        }
        if (rootFirst.size() >= prefix.size() && rootFirst.subList(0, prefix.size()).equals(prefix)) {
          total += sample.getValue(0);
        }
      }
      return total;
    }
  }

  private static double causePoints(JsonNode json, String cause) {
    for (JsonNode c : json.get("causes")) {
      if (c.get("name").asText().equals(cause)) {
        return c.get("points").asDouble();
      }
    }
    throw new AssertionError("no cause '" + cause + "' in " + json.get("causes"));
  }

  /** profile.pb.gz (or memory.pb.gz) read back gives exactly the folded file's stacks. */
  private static void assertPprofMatchesFolded(Path output) throws IOException {
    boolean heap = Files.exists(output.resolve("memory.folded"));
    Path folded = output.resolve(heap ? "memory.folded" : "profile.folded");
    Path pprof = output.resolve(heap ? "memory.pb.gz" : "profile.pb.gz");
    try (InputStream in = Files.newInputStream(pprof)) {
      String fromPprof = FoldedStacks.toText(PprofReader.toTree(PprofReader.parse(in)).tree());
      String fromFolded = FoldedStacks.toText(FoldedStacks.parse(Files.readString(folded)).tree());
      assertThat(fromPprof).as(pprof + " vs " + folded).isEqualTo(fromFolded).isNotEmpty();
    }
  }

  private static void record(PythonTarget target, Path out) {
    AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "cpu", "--duration", "5s", "--rate", "250",
        "--output", out.toString()).assertOk();
  }

  private static void awaitOutput(PythonTarget target, String line) throws InterruptedException {
    for (int i = 0; i < 600 && !target.output().contains(line); i++) {
      Thread.sleep(50);
    }
    assertThat(target.output()).contains(line);
  }

  private static JsonNode readReport(BufferedReader out, String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return JSON.readTree(line.substring(prefix.length()));
      }
    }
    throw new AssertionError("the target exited before printing " + prefix.trim());
  }
}
