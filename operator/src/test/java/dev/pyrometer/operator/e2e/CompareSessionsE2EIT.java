package dev.pyrometer.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RealAgent;
import dev.pyrometer.operator.testing.RequiredTools;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TargetProcess;
import dev.pyrometer.operator.testing.TestCluster;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.compareTo end to end, with real agents on one real target whose change between two
 * sessions is known (compare_app.py): its CPU split moves from 70/30 to 30/70, and a planted dict
 * grows by an amount it measures itself. The compared session's report holds the comparison, its
 * artifacts the differential flame graph and diff.folded, its status the insight; a compareTo that
 * cannot be compared with fails the session at once with a named reason.
 */
class CompareSessionsE2EIT {
  private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static RealAgent agent;
  private static TestCluster cluster;
  private static KubernetesClient client;
  private static TargetProcess target;
  private static Path control;
  private static Path report;
  private static String ns;
  private static int seq;

  @BeforeAll
  static void start() throws IOException {
    RequiredTools.check();
    Path app = work.resolve("compare_app.py");
    try (InputStream in = CompareSessionsE2EIT.class.getResourceAsStream("/e2e/compare_app.py")) {
      Files.copy(in, app);
    }
    agent = new RealAgent(RequiredTools.agentLauncher(), Files.createDirectories(work.resolve("agent-logs")));
    cluster = TestCluster.start(work, agent);
    client = cluster.client();
    ns = cluster.newNamespace();
    control = work.resolve("control.json");
    report = work.resolve("report.json");
    target = TargetProcess.start(RequiredTools.python(), app, List.of(control.toString(), report.toString()),
        work.resolve("target.log"));
    Pods.create(client, Pods.running(ns, "shop-1", Map.of("app", "shop"), "app"));
    agent.register(ns, "shop-1", "app", target);
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Sets the target's CPU split and dict size; returns what it measured once applied. */
  private static JsonNode steer(double hotShare, int entries) throws IOException {
    int n = ++seq;
    Path tmp = work.resolve("control.tmp");
    Files.writeString(tmp, JSON.writeValueAsString(Map.of("seq", n, "hot", hotShare, "entries", entries)));
    Files.move(tmp, control, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    JsonNode[] seen = {null};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!Files.exists(report)) {
        return false;
      }
      seen[0] = JSON.readTree(report.toFile());
      return seen[0].path("seq").asInt() == n;
    });
    // let a whole sampling interval pass under the new split before a session starts
    return seen[0];
  }

  private static ProfileSession session(String name, Mode mode, String compareTo) {
    return Sessions.with(Sessions.byPodName(ns, name, "shop-1"), spec -> {
      spec.setMode(mode);
      spec.setDuration("3s");
      spec.setStartTimeout("30s");
      spec.setCompareTo(compareTo);
    });
  }

  private static ProfileSession run(String name, Mode mode, String compareTo) {
    return SessionAssert.awaitPhase(client, client.resource(session(name, mode, compareTo)).create(), Phase.SUCCEEDED,
        FLOW_TIMEOUT);
  }

  private static String artifact(ProfileSession done, String name) {
    ArtifactStatus a = done.getStatus().getArtifacts().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + done.getStatus().getArtifacts()));
    String key = a.uri().substring(("s3://" + TestingOperatorConfig.BUCKET + "/").length());
    return new String(cluster.s3().readBytes(TestingOperatorConfig.BUCKET, key), StandardCharsets.UTF_8);
  }

  @Test
  void aSessionComparedWithAnotherGetsTheDiffInItsReportArtifactsAndInsight() throws IOException {
    steer(0.7, 500);
    ProfileSession base = run("cpu-before", Mode.CPU, null);
    assertThat(base.getStatus().getInsight()).as("no compareTo, no insight").isNull();
    steer(0.3, 500);
    ProfileSession compared = run("cpu-after", Mode.CPU, "cpu-before");

    String insight = compared.getStatus().getInsight();
    System.out.println("compareTo insight (cpu): " + insight);
    // hot went from 70 % to 30 % and cold from 30 % to 70 %: equal by design, either may lead
    Matcher m = Pattern.compile("^(hot|cold) runs (\\d+) points (more|less) in burn than session cpu-before").matcher(insight);
    assertThat(m.find()).as(insight).isTrue();
    assertThat(m.group(3)).isEqualTo(m.group(1).equals("cold") ? "more" : "less");
    assertThat(Double.parseDouble(m.group(2))).isCloseTo(40.0, within(8.0));
    assertThat(compared.getStatus().getTargets().get(0).comparison()).isEqualTo(insight);
    assertThat(compared.getStatus().getArtifacts()).extracting(ArtifactStatus::name)
        .contains("diff-flamegraph.html", "diff.folded", "diff.json", "report.html");
    JsonNode diff = JSON.readTree(artifact(compared, "diff.json"));
    assertThat(diff.get("headline").asText()).isEqualTo(insight);
    // diff.folded: "stack base new", both sides present
    assertThat(artifact(compared, "diff.folded").lines()).anyMatch(l -> l.matches(".*hot \\(compare_app.py:\\d+\\).* \\d+ \\d+$"));
    String page = artifact(compared, "report.html");
    assertThat(page).contains("id=\"comparison\"").contains("id=\"diff-causes\"").contains("src=\"diff-flamegraph.html\"");
    assertThat(artifact(compared, "diff-flamegraph.html")).contains("BASE");

    aCompareToThatCannotBeComparedWithFailsAtOnceWithItsReason();
  }

  private void aCompareToThatCannotBeComparedWithFailsAtOnceWithItsReason() {
    ProfileSession missing = SessionAssert.awaitTerminal(client, client.resource(session("vs-missing", Mode.CPU, "no-such")).create(),
        Duration.ofSeconds(60));
    assertThat(missing.getStatus().getPhase()).isEqualTo(Phase.FAILED);
    assertThat(missing.getStatus().getReason()).isEqualTo("CompareToNotFound");
    assertThat(missing.getStatus().getMessage()).contains("no-such");

    ProfileSession otherMode = SessionAssert.awaitTerminal(client,
        client.resource(session("wall-vs-cpu", Mode.WALL, "cpu-before")).create(), Duration.ofSeconds(60));
    assertThat(otherMode.getStatus().getReason()).isEqualTo("CompareToModeMismatch");
    assertThat(otherMode.getStatus().getMessage()).contains("cpu session").contains("wall");

    // a session that failed is no base: its own reason is TargetNotFound
    ProfileSession failed = SessionAssert.awaitTerminal(client, client.resource(Sessions.with(
        Sessions.byPodName(ns, "nowhere", "no-pod"), spec -> spec.setStartTimeout("30s"))).create(), Duration.ofSeconds(60));
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.FAILED);
    ProfileSession vsFailed = SessionAssert.awaitTerminal(client, client.resource(session("vs-failed", Mode.CPU, "nowhere")).create(),
        Duration.ofSeconds(60));
    assertThat(vsFailed.getStatus().getReason()).isEqualTo("CompareToNotSucceeded");
    for (ProfileSession refused : List.of(missing, otherMode, vsFailed)) {
      assertThat(refused.getStatus().getTargets()).as("no profiler was started for %s", refused.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void aMemorySessionComparedWithAnotherNamesTheDictThatGrewAndByHowMuch() throws IOException {
    JsonNode before = steer(0.7, 500);
    run("heap-before", Mode.MEMORY, null);
    JsonNode after = steer(0.7, 5500);
    ProfileSession compared = run("heap-after", Mode.MEMORY, "heap-before");

    String insight = compared.getStatus().getInsight();
    System.out.println("compareTo insight (memory): " + insight);
    long grew = after.get("cache_deep_size").asLong() - before.get("cache_deep_size").asLong();
    assertThat(insight).startsWith("leakmod.CACHE (dict) grew by ").contains(" since session heap-before");
    JsonNode largest = JSON.readTree(artifact(compared, "diff.json")).get("largestChange");
    assertThat(largest.get("name").asText()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
    assertThat((double) largest.get("delta").asLong()).as("bytes the dict grew, vs sys.getsizeof in the process")
        .isCloseTo(grew, within(grew * 0.05));
    Matcher m = Pattern.compile("grew by ([0-9.]+) MiB").matcher(insight);
    assertThat(m.find()).as(insight).isTrue();
    assertThat(Double.parseDouble(m.group(1)) * (1 << 20)).as("the insight's size").isCloseTo(grew, within(grew * 0.05));
    assertThat(artifact(compared, "report.html")).contains("id=\"comparison\"");
  }
}
