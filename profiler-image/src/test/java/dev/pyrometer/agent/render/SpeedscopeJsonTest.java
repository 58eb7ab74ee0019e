package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedscopeJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FrameKey P1 = FrameKey.process(41, "python worker.py");
  private static final FrameKey P2 = FrameKey.process(42, "gunicorn: worker");
  private static final FrameKey MAIN_THREAD = FrameKey.thread(41, "MainThread");
  private static final FrameKey POOL_THREAD = FrameKey.thread(43, "ThreadPoolExecutor-0_0");
  private static final FrameKey T42 = FrameKey.thread(42, null);
  private static final FrameKey MAIN = FrameKey.python("main", "/srv/app/worker.py", 25);
  private static final FrameKey HANDLE = FrameKey.python("Handler.handle", "/srv/app/worker.py", 12);
  private static final FrameKey SEND = FrameKey.python("Session.send", "/venv/lib/python3.12/site-packages/requests/sessions.py", 589);
  private static final FrameKey WAIT = FrameKey.python("Condition.wait", "/usr/lib/python3.12/threading.py", 324);
  private static final FrameKey FUTEX = FrameKey.syscall("futex");

  /** Stacks, and the weight each should carry, per expected profile name. */
  private final Map<String, Map<List<String>, Long>> expected = new LinkedHashMap<>();
  private final CallTree tree = new CallTree();

  private void add(String profile, List<FrameKey> contexts, List<FrameKey> frames, long weight) {
    List<FrameKey> stack = new ArrayList<>(contexts);
    stack.addAll(frames);
    tree.add(stack, weight);
    expected.computeIfAbsent(profile, p -> new HashMap<>())
        .merge(frames.stream().map(FrameKey::label).toList(), weight, Long::sum);
  }

  private void addThreeThreads() {
    add("process 41: python worker.py / thread 41 (MainThread)", List.of(P1, MAIN_THREAD), List.of(MAIN, HANDLE, SEND), 60);
    add("process 41: python worker.py / thread 41 (MainThread)", List.of(P1, MAIN_THREAD), List.of(MAIN, HANDLE), 35);
    add("process 41: python worker.py / thread 43 (ThreadPoolExecutor-0_0)", List.of(P1, POOL_THREAD), List.of(WAIT, FUTEX), 500);
    add("process 42: gunicorn: worker / thread 42", List.of(P2, T42), List.of(MAIN), 7);
    add("process 42: gunicorn: worker / thread 42", List.of(P2, T42), List.of(MAIN, WAIT, FUTEX), 3);
  }

  @Test
  void writesOneSampledProfilePerThreadWithItsStacksAndWeights() throws IOException {
    addThreeThreads();

    JsonNode file = write(tree, "worker cpu", WeightUnit.SAMPLES);

    assertSpeedscopeShape(file);
    assertThat(stacksByProfile(file)).isEqualTo(expected);
    assertThat(file.get("profiles")).allSatisfy(p -> assertThat(p.get("unit").asText()).isEqualTo("none"));
    assertThat(file.get("activeProfileIndex").asInt()).as("the heaviest thread is shown first").isEqualTo(1);
    assertThat(file.get("name").asText()).isEqualTo("worker cpu");
  }

  @Test
  void keepsFullPathsAndLinesOfPythonFrames() throws IOException {
    addThreeThreads();

    JsonNode frames = write(tree, "x", WeightUnit.SAMPLES).get("shared").get("frames");

    assertThat(frames).anySatisfy(f -> {
      assertThat(f.get("name").asText()).isEqualTo("Session.send");
      assertThat(f.get("file").asText()).isEqualTo("/venv/lib/python3.12/site-packages/requests/sessions.py");
      assertThat(f.get("line").asInt()).isEqualTo(589);
    });
    assertThat(frames).anySatisfy(f -> {
      assertThat(f.get("name").asText()).isEqualTo("futex_[k]");
      assertThat(f.has("file")).isFalse();
    });
  }

  @Test
  void aThreadPerRequestServerGivesOneProfilePerRoleAndFoldsTheLightThreads() throws IOException {
    FrameKey main = FrameKey.thread(100, "MainThread");
    add("process 41: python worker.py / thread 100 (MainThread)", List.of(P1, main), List.of(MAIN, HANDLE), 500);
    String requests = "process 41: python worker.py / Thread-N (process_request_thread) (75 threads)";
    for (int i = 1; i <= 75; i++) {
      FrameKey t = FrameKey.thread(1000 + i, "Thread-" + i + " (process_request_thread)");
      add(requests, List.of(P1, t), List.of(HANDLE, SEND), 1);
    }
    // two threads of other roles, each under 1% of the samples: one "other threads" profile
    String other = "process 41: python worker.py / other threads (2 threads)";
    add(other, List.of(P1, FrameKey.thread(2000, "watchdog")), List.of(WAIT, FUTEX), 2);
    add(other, List.of(P1, FrameKey.thread(2001, null)), List.of(MAIN), 1);

    JsonNode file = write(tree, "server cpu", WeightUnit.SAMPLES);

    assertSpeedscopeShape(file);
    assertThat(stacksByProfile(file)).isEqualTo(expected);
    assertThat(file.get("profiles")).hasSize(3);
    assertThat(file.get("profiles").get(file.get("activeProfileIndex").asInt()).get("name").asText())
        .as("opens on the busiest profile").isEqualTo("process 41: python worker.py / thread 100 (MainThread)");
  }

  @Test
  void cpuProfilesAreInTimeEachSampleWeighingOneInterval() throws IOException {
    addThreeThreads();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SpeedscopeJson.writeTimed(tree, "worker cpu", 0.01, out); // 100 Hz
    JsonNode file = JSON.readTree(out.toByteArray());

    JsonNode pool = file.get("profiles").get(file.get("activeProfileIndex").asInt());
    assertThat(pool.get("name").asText()).isEqualTo("process 41: python worker.py / thread 43 (ThreadPoolExecutor-0_0)");
    assertThat(pool.get("unit").asText()).isEqualTo("milliseconds");
    assertThat(pool.get("endValue").asDouble()).isEqualTo(5000.0); // 500 samples of 10 ms
    double sum = 0;
    for (JsonNode w : pool.get("weights")) {
      sum += w.asDouble();
    }
    assertThat(sum).isEqualTo(5000.0);
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("speedscope/file-format-schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    assertThat(schema.validate(file)).isEmpty();
  }

  @Test
  void conformsToSpeedscopesOwnSchema() throws IOException {
    addThreeThreads();
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("speedscope/file-format-schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }

    assertThat(schema.validate(write(tree, "worker cpu", WeightUnit.BYTES))).isEmpty();
    assertThat(schema.validate(write(new CallTree(), "empty", WeightUnit.SAMPLES))).isEmpty();
    JsonNode broken = write(tree, "worker cpu", WeightUnit.SAMPLES);
    ((ObjectNode) broken.get("profiles").get(0)).remove("weights");
    assertThat(schema.validate(broken)).as("the schema check can fail").isNotEmpty();
  }

  @Test
  void givesOneProfileNamedAfterTheFileWhenTheTreeHasNoThreadLevels() throws IOException {
    add("heap of app.py", List.of(), List.of(MAIN, HANDLE), 4096);
    add("heap of app.py", List.of(), List.of(MAIN), 1024);

    JsonNode file = write(tree, "heap of app.py", WeightUnit.BYTES);

    assertSpeedscopeShape(file);
    assertThat(stacksByProfile(file)).isEqualTo(expected);
    assertThat(file.get("profiles").get(0).get("unit").asText()).isEqualTo("bytes");
  }

  @Test
  void writesOneEmptyProfileForAnEmptyTree() throws IOException {
    JsonNode file = write(new CallTree(), "nothing", WeightUnit.SAMPLES);

    assertSpeedscopeShape(file);
    assertThat(file.get("profiles")).hasSize(1);
    assertThat(file.get("profiles").get(0).get("samples")).isEmpty();
  }

  @Test
  void givesTheSameBytesWhateverOrderTheSamplesCameIn() throws IOException {
    List<List<FrameKey>> stacks = new ArrayList<>(List.of(
        List.of(P1, MAIN_THREAD, MAIN, HANDLE), List.of(P1, POOL_THREAD, WAIT, FUTEX), List.of(P1, MAIN_THREAD, MAIN, SEND),
        List.of(P2, T42, MAIN), List.of(P1, MAIN_THREAD, MAIN)));
    CallTree a = new CallTree();
    stacks.forEach(s -> a.add(s, 2));
    Collections.reverse(stacks);
    CallTree b = new CallTree();
    stacks.forEach(s -> b.add(s, 2));

    assertThat(bytes(b, "x")).isEqualTo(bytes(a, "x"));
  }

  /** What speedscope's importer relies on, checked field by field. */
  static void assertSpeedscopeShape(JsonNode file) {
    assertThat(file.get("$schema").asText()).isEqualTo(SpeedscopeJson.SCHEMA);
    JsonNode frames = file.get("shared").get("frames");
    assertThat(frames.isArray()).isTrue();
    assertThat(frames).allSatisfy(f -> {
      assertThat(f.get("name").isTextual()).isTrue();
      if (f.has("file")) {
        assertThat(f.get("file").isTextual()).isTrue();
      }
      if (f.has("line")) {
        assertThat(f.get("line").isNumber()).isTrue();
      }
    });
    JsonNode profiles = file.get("profiles");
    assertThat(profiles.size()).isPositive();
    assertThat(file.get("activeProfileIndex").asInt()).isBetween(0, profiles.size() - 1);
    for (JsonNode profile : profiles) {
      assertThat(profile.get("type").asText()).isEqualTo("sampled");
      assertThat(profile.get("name").isTextual()).isTrue();
      assertThat(profile.get("unit").asText()).isIn("none", "bytes", "nanoseconds", "microseconds", "milliseconds", "seconds");
      JsonNode samples = profile.get("samples");
      JsonNode weights = profile.get("weights");
      assertThat(weights.size()).isEqualTo(samples.size());
      for (JsonNode sample : samples) {
        assertThat(sample).allSatisfy(i -> assertThat(i.asInt()).isBetween(0, frames.size() - 1));
      }
      long sum = 0;
      for (JsonNode w : weights) {
        assertThat(w.asLong()).isPositive();
        sum += w.asLong();
      }
      assertThat(profile.get("startValue").asLong()).isZero();
      assertThat(profile.get("endValue").asLong()).isEqualTo(sum);
    }
  }

  private static Map<String, Map<List<String>, Long>> stacksByProfile(JsonNode file) {
    JsonNode frames = file.get("shared").get("frames");
    Map<String, Map<List<String>, Long>> out = new LinkedHashMap<>();
    for (JsonNode profile : file.get("profiles")) {
      Map<List<String>, Long> stacks = new HashMap<>();
      for (int s = 0; s < profile.get("samples").size(); s++) {
        List<String> names = new ArrayList<>();
        for (JsonNode i : profile.get("samples").get(s)) {
          JsonNode f = frames.get(i.asInt());
          names.add(f.has("file") ? FrameKey.python(f.get("name").asText(), f.get("file").asText(), f.get("line").asInt()).label()
              : f.get("name").asText());
        }
        stacks.merge(names, profile.get("weights").get(s).asLong(), Long::sum);
      }
      out.put(profile.get("name").asText(), stacks);
    }
    return out;
  }

  private static JsonNode write(CallTree tree, String name, WeightUnit unit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SpeedscopeJson.write(tree, name, unit, out);
    return JSON.readTree(out.toByteArray());
  }

  private static byte[] bytes(CallTree tree, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SpeedscopeJson.write(tree, name, WeightUnit.SAMPLES, out);
    return out.toByteArray();
  }
}
