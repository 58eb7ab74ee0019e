package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.testing.ClusterApiServer;
import dev.pyrometer.operator.testing.Kubelet;
import dev.pyrometer.operator.testing.OperatorUnderTest;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler against the mock API server (with the ephemeralcontainers subresource), a real S3
 * server and a scripted agent run by the test kubelet.
 */
class ProfileSessionReconcilerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static S3Server s3;
  private static ClusterApiServer api;
  private static KubernetesClient client;
  private static ScriptedAgent agent;
  private static Kubelet kubelet;
  private static OperatorUnderTest operator;
  private static int counter;
  private String ns;

  @BeforeAll
  static void startCluster() throws Exception {
    s3 = S3Server.start(work.resolve("s3"));
    s3.createBucket(TestingOperatorConfig.BUCKET);
    api = ClusterApiServer.start();
    client = api.client();
    agent = new ScriptedAgent();
    kubelet = new Kubelet(client, agent, java.nio.file.Files.createDirectories(work.resolve("kubelet")));
    operator = OperatorUnderTest.start(api, TestingOperatorConfig.forStorage(s3.endpoint()));
  }

  @AfterAll
  static void stopCluster() {
    operator.close();
    kubelet.close();
    api.close();
    s3.close();
  }

  @BeforeEach
  void namespace() {
    ns = "shop" + (++counter);
    api.createNamespace(ns, Map.of());
    agent.script(launch -> ScriptedAgent.Outcome.succeeds());
  }

  @Test
  void profilesAPodByNameAndReportsWhereTheResultsAre() {
    Pods.create(client, Pods.running(ns, "web-6f9c7d-2xk4q", Map.of("app", "web"), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "checkout-slow", "web-6f9c7d-2xk4q")).create();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    var status = done.getStatus();
    String uid8 = done.getMetadata().getUid().replace("-", "").substring(0, 8);
    assertThat(status.getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(status.getReason()).isEqualTo("Completed");
    assertThat(status.getTarget()).isEqualTo("web-6f9c7d-2xk4q");
    assertThat(status.getSamples()).isEqualTo(5970L);
    assertThat(status.getTop()).isEqualTo(ScriptedAgent.TOP);
    assertThat(status.getStartTime()).isNotNull();
    assertThat(status.getCompletionTime()).isNotNull();
    TargetStatus target = status.getTargets().get(0);
    assertThat(target.ephemeralContainer()).isEqualTo("pyrometer-" + uid8);
    assertThat(target.container()).isEqualTo("app");
    assertThat(target.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(target.processes()).singleElement().satisfies(p -> {
      assertThat(p.pythonVersion()).isEqualTo("3.12.1");
      assertThat(p.samples()).isEqualTo(5970L);
    });
    String prefix = "sessions/" + ns + "/checkout-slow-" + uid8 + "/web-6f9c7d-2xk4q/";
    assertThat(status.getArtifacts()).extracting(ArtifactStatus::name)
        .containsExactly("report.html", "flamegraph.html", "speedscope.json", "profile.folded", "report.json", "summary.json");
    for (ArtifactStatus artifact : status.getArtifacts()) {
      assertThat(artifact.uri()).isEqualTo("s3://profiles/" + prefix + artifact.name());
      assertThat(artifact.bytes()).isEqualTo(s3.size("profiles", prefix + artifact.name()));
    }
    assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "True"),
            org.assertj.core.groups.Tuple.tuple("Reconciling", "False"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
  }

  @Test
  void addsOneProfilerContainerThatCarriesNoUploadUrl() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    Pod pod = client.pods().inNamespace(ns).withName("web").get();
    EphemeralContainer profiler = pod.getSpec().getEphemeralContainers().get(0);
    assertThat(pod.getSpec().getEphemeralContainers()).hasSize(1);
    assertThat(profiler.getTargetContainerName()).isEqualTo("app");
    assertThat(profiler.getImage()).isEqualTo(TestingOperatorConfig.AGENT_IMAGE);
    assertThat(profiler.getSecurityContext().getPrivileged()).isTrue();
    assertThat(profiler.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(profiler.getArgs()).containsExactly(
        "record", "--mode", "offcpu", "--duration", "2s", "--rate", "100",
        "--output", "/tmp/pyrometer", "--upload-from-env", "--termination-log", "/dev/termination-log");
    assertThat(Serialization.asJson(pod)).doesNotContain("X-Amz-Signature").doesNotContain("http://127.0.0.1:" + s3.port());
    assertThat(profiler.getEnv()).filteredOn(e -> e.getName().startsWith("PYROMETER_UPLOAD_"))
        .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName()))
        .hasSize(6);
    // the Secret of URLs is gone once the session ended
    assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
    // the agent got working URLs through it
    assertThat(agent.launches().get(agent.launches().size() - 1).env().get("PYROMETER_UPLOAD_SUMMARY_JSON")).contains("X-Amz-Signature");
  }

  @Test
  void recordsAnEventForEachTransition() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("EphemeralContainerAdded", "ProfilerStarted", "Succeeded");
  }
}
