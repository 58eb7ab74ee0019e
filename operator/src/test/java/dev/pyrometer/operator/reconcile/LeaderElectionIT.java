package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.config.OperatorLease;
import dev.pyrometer.operator.testing.OperatorUnderTest;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RbacRequirements;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas share one Lease: only the holder reconciles, and the other takes over when it goes. */
class LeaderElectionIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path work;

  private static LeaderElectionConfiguration lease(String identity) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorLease.LEASE_NAME)
        .withLeaseNamespace("pyrometer")
        .withIdentity(identity)
        .withLeaseDuration(Duration.ofSeconds(3))
        .withRenewDeadline(Duration.ofSeconds(2))
        .withRetryPeriod(Duration.ofMillis(300))
        // a test must not let a replica that steps down exit the JVM, as a pod would
        .withExitOnStopLeading(false)
        .build();
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheOtherTakesOver() {
    ScriptedAgent agent = new ScriptedAgent();
    try (TestCluster cluster = TestCluster.start(work, agent)) {
      cluster.stopOperator();
      KubernetesClient client = cluster.client();
      cluster.api().createNamespace("pyrometer", Map.of());
      String ns = cluster.newNamespace();
      Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
      OperatorUnderTest first = OperatorUnderTest.startReplica(cluster.api(), cluster.config(), lease("replica-1"));
      OperatorUnderTest second = OperatorUnderTest.startReplica(cluster.api(), cluster.config(), lease("replica-2"));
      try {
        SessionAssert.awaitPhase(client, client.resource(Sessions.byPodName(ns, "one", "web")).create(), Phase.SUCCEEDED, TIMEOUT);
        String holder = client.resources(Lease.class).inNamespace("pyrometer").withName(OperatorLease.LEASE_NAME).get().getSpec().getHolderIdentity();
        OperatorUnderTest leader = holder.equals("replica-1") ? first : second;
        OperatorUnderTest standby = leader == first ? second : first;
        assertThat(leader.reconciles()).isPositive();
        assertThat(standby.reconciles()).isZero();

        leader.close();
        SessionAssert.awaitPhase(client, client.resource(Sessions.byPodName(ns, "two", "web")).create(), Phase.SUCCEEDED, TIMEOUT);

        assertThat(standby.reconciles()).isPositive();
        assertThat(client.resources(Lease.class).inNamespace("pyrometer").withName(OperatorLease.LEASE_NAME).get().getSpec().getHolderIdentity())
            .isNotEqualTo(holder);
        // leader election's calls (rules review, lease create and renewals) are in the declared RBAC too
        List<String> calls = cluster.api().requests().stream()
            .filter(r -> r.userAgent().equals(OperatorUnderTest.USER_AGENT))
            .map(RbacRequirements::needed).distinct().toList();
        assertThat(calls).contains("coordination.k8s.io/leases/create", "authorization.k8s.io/selfsubjectrulesreviews/create");
        assertThat(RbacRequirements.granted()).containsAll(calls);
      } finally {
        first.close();
        second.close();
      }
    }
  }
}
