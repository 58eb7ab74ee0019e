package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.config.OperatorLease;
import dev.pyrometer.operator.testing.ClusterApiServer;
import dev.pyrometer.operator.testing.Kubelet;
import dev.pyrometer.operator.testing.PackagedOperator;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.ScriptedAgent.Outcome;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the packaged operator (real JVMs, prod profile, leader election on): SIGTERM to
 * the leader ends it within seconds (JOSDK's System.exit from the stop-leading callback used to
 * deadlock inside the shutdown hooks until SIGKILL), it hands its Lease back, and the standby
 * completes the session the leader had started.
 */
class LeaderShutdownIT {
  private static final String OPERATOR_NAMESPACE = "pyrometer";

  @TempDir Path work;

  @Test
  void theLeaderExitsPromptlyOnSigtermAndTheStandbyCompletesItsSession() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    // long enough that the leader is stopped while the profiler still runs
    agent.script(launch -> Outcome.succeeds().runningFor(Duration.ofSeconds(8)));
    try (S3Server s3 = S3Server.start(Files.createDirectories(work.resolve("s3")));
        ClusterApiServer api = ClusterApiServer.start();
        Kubelet kubelet = new Kubelet(api.client(), agent, Files.createDirectories(work.resolve("kubelet")), api::version)) {
      s3.createBucket(TestingOperatorConfig.BUCKET);
      KubernetesClient client = api.client();
      api.createNamespace(OPERATOR_NAMESPACE, Map.of());
      api.createNamespace("shop", Map.of());
      Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));
      // the replicas' logs stay after the test, for a failure: operator/target/leader-shutdown/
      Path logs = Files.createDirectories(Path.of("target", "leader-shutdown"));
      try (PackagedOperator one = PackagedOperator.start(api, s3, TestingOperatorConfig.BUCKET, "replica-1", OPERATOR_NAMESPACE, logs);
          PackagedOperator two = PackagedOperator.start(api, s3, TestingOperatorConfig.BUCKET, "replica-2", OPERATOR_NAMESPACE, logs)) {
        // JVM start on a loaded machine: generous
        String holder = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
            .until(() -> holder(client), h -> h != null && !h.isEmpty());
        PackagedOperator leader = holder.equals(one.identity()) ? one : two;
        PackagedOperator standby = leader == one ? two : one;
        ProfileSession session = client.resource(Sessions.with(Sessions.byPodName("shop", "s", "web"), spec -> {
          spec.setDuration("5s");
          spec.setStartTimeout("60s");
        })).create();
        SessionAssert.awaitPhase(client, session, Phase.PROFILING, Duration.ofSeconds(120));

        leader.terminate();

        assertThat(leader.process().waitFor(5, TimeUnit.SECONDS))
            .as("the leader exits within 5 s of SIGTERM; its log:%n%s", leader.log()).isTrue();
        assertThat(holder(client)).as("the leader hands its lease back as it goes; its log:%n%s", leader.log()).isNotEqualTo(leader.identity());
        assertThat(standby.process().isAlive()).isTrue();
        ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, Duration.ofSeconds(120));
        assertThat(done.getStatus().getSamples()).isPositive();
        assertThat(holder(client)).isEqualTo(standby.identity());
        assertThat(client.pods().inNamespace("shop").withName("web").get().getSpec().getEphemeralContainers()).hasSize(1);

        // the last replica goes as promptly (it holds the lease now)
        standby.terminate();
        assertThat(standby.process().waitFor(5, TimeUnit.SECONDS)).as("the new leader exits within 5 s; its log:%n%s", standby.log()).isTrue();
      }
    }
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.resources(Lease.class).inNamespace(OPERATOR_NAMESPACE).withName(OperatorLease.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
