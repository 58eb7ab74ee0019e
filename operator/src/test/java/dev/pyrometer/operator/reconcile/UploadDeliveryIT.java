package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.KubernetesVersion;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the upload URLs reach the profiler on each supported Kubernetes version: inline before 1.33
 * (no reference the kubelet could be refused), through a per-session Secret from 1.33; either way
 * they expire by the session's deadline, the session succeeds, and no Secret is left behind.
 */
class UploadDeliveryIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static final ScriptedAgent agent = new ScriptedAgent();
  private static TestCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(work, agent);
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @ParameterizedTest
  @MethodSource("dev.pyrometer.operator.testing.KubernetesVersion#supported")
  void theProfilerGetsItsUploadUrlsInAWayTheKubeletCanServe(KubernetesVersion version) {
    cluster.api().simulate(version);
    String ns = cluster.newNamespace();
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> {
      spec.setDuration("3s");
      spec.setStartTimeout("20s");
    });

    ProfileSession done = SessionAssert.awaitPhase(client, client.resource(session).create(), Phase.SUCCEEDED, TIMEOUT);

    EphemeralContainer profiler = client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers().get(0);
    List<EnvVar> uploads = profiler.getEnv().stream().filter(e -> e.getName().startsWith("PYROMETER_UPLOAD_")).toList();
    assertThat(uploads).isNotEmpty();
    if (version.nodeMayReadObjectsOfEphemeralContainers()) {
      assertThat(uploads).allSatisfy(e -> {
        assertThat(e.getValue()).isNull();
        assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
      });
    } else {
      assertThat(profiler.getEnvFrom()).isNullOrEmpty();
      assertThat(uploads).allSatisfy(e -> {
        assertThat(e.getValueFrom()).isNull();
        assertThat(e.getValue()).startsWith(cluster.s3().endpoint() + "/").contains("X-Amz-Signature=");
        // a URL left in the pod spec is dead by the session's deadline: startTimeout + duration + finishGrace
        Map<String, String> query = query(URI.create(e.getValue()));
        Instant signed = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
            .parse(query.get("X-Amz-Date"), Instant::from);
        Instant expires = signed.plusSeconds(Long.parseLong(query.get("X-Amz-Expires")));
        Instant latestDeadline = Instant.parse(done.getStatus().getStartTime()).plusSeconds(20 + 3).plus(cluster.config().finishGrace());
        assertThat(expires).isBeforeOrEqualTo(latestDeadline);
      });
    }
    assertThat(agent.launches()).last().satisfies(l -> assertThat(l.env()).containsKeys(uploads.stream().map(EnvVar::getName).toArray(String[]::new)));
    assertThat(done.getStatus().getArtifacts()).isNotEmpty().allSatisfy((ArtifactStatus a) -> assertThat(a.sha256()).matches("[0-9a-f]{64}"));
    assertThat(client.secrets().inNamespace(ns).list().getItems()).as("upload Secrets left behind").isEmpty();
  }

  private static Map<String, String> query(URI url) {
    return Arrays.stream(url.getRawQuery().split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8)));
  }
}
