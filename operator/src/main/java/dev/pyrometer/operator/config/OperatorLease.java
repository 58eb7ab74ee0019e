package dev.pyrometer.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * Lease-based leader election, so that two replicas can run and only one reconciles; on in the
 * prod profile (quarkus.operator-sdk.activate-leader-election-for-profiles).
 *
 * <p>JOSDK's own reaction to losing the lease, {@code System.exit} from the stop-leading callback,
 * deadlocks when the callback runs inside the JVM's shutdown (SIGTERM: Quarkus stops the operator
 * from a shutdown hook, the elector is cancelled, the callback calls exit, which waits for the
 * hooks forever) and the pod sits out its whole grace period. So JOSDK is told not to exit, and
 * {@link LeadershipEnd} decides: during shutdown it hands the lease back so a standby takes over
 * at once; a lease lost while running still ends the process, from a thread of its own.
 */
@Singleton
public class OperatorLease extends LeaderElectionConfiguration {
  public static final String LEASE_NAME = "pyrometer-operator-lease";

  @Inject
  public OperatorLease(KubernetesClient client) {
    this(client, leaseNamespace(client), identity());
  }

  private OperatorLease(KubernetesClient client, String namespace, String identity) {
    super(
        LEASE_NAME,
        namespace,
        LEASE_DURATION_DEFAULT_VALUE,
        RENEW_DEADLINE_DEFAULT_VALUE,
        RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        new LeaderCallbacks(() -> {}, new LeadershipEnd(client, namespace, LEASE_NAME, identity)::stoppedLeading, leader -> {}),
        false);
  }

  /** The replica's pod name (HOSTNAME), as JOSDK would take it, else a random one. */
  private static String identity() {
    return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(UUID.randomUUID().toString());
  }

  /** The operator's own namespace, where the chart grants it leases. */
  private static String leaseNamespace(KubernetesClient client) {
    return Optional.ofNullable(client.getConfiguration().getNamespace()).orElse("default");
  }
}
