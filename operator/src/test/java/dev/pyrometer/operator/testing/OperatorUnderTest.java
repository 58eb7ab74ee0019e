package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.config.OperatorBeans;
import dev.pyrometer.operator.config.OperatorConfig;
import dev.pyrometer.operator.metrics.SessionMetrics;
import dev.pyrometer.operator.reconcile.ProfileSessionReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's reconciler run by a plain JOSDK {@link Operator} against a test API server: the
 * same object graph as in Quarkus ({@link OperatorBeans#reconciler}), with a short retry so that
 * storage retries end within a test. A test can stop it and start a new one, as a restart would.
 */
public final class OperatorUnderTest implements AutoCloseable {
  /** Retries 4 times, 200 ms apart, doubling. */
  public static final int MAX_ATTEMPTS = 4;

  private final Operator operator;
  private final KubernetesClient client;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private OperatorUnderTest(KubernetesClient client, OperatorConfig config, LeaderElectionConfiguration lease) {
    this.client = client;
    this.operator =
        new Operator(o -> {
          o.withKubernetesClient(client).withCloseClientOnStop(false).withStopOnInformerErrorDuringStartup(true)
              // as quarkus.operator-sdk.enable-ssa=false in application.properties
              .withUseSSAToPatchPrimaryResource(false);
          if (lease != null) {
            o.withLeaderElectionConfiguration(lease);
          }
        });
    ProfileSessionReconciler reconciler =
        OperatorBeans.reconciler(client, config, new SessionMetrics(registry), Clock.systemUTC());
    operator.register(
        reconciler,
        o -> o.withRetry(new GenericRetry().setMaxAttempts(MAX_ATTEMPTS).setInitialInterval(200).setIntervalMultiplier(2).setMaxInterval(Duration.ofSeconds(2).toMillis())));
    operator.start();
  }

  /** The User-Agent of the operator's API requests, see {@link ClusterApiServer#requests()}. */
  public static final String USER_AGENT = "pyrometer-operator-under-test";

  /** Starts an operator with its own client of {@code api}. */
  public static OperatorUnderTest start(ClusterApiServer api, OperatorConfig config) {
    return new OperatorUnderTest(api.newClient(USER_AGENT), config, null);
  }

  /** Starts a replica that reconciles only while it holds {@code lease}. */
  public static OperatorUnderTest startReplica(ClusterApiServer api, OperatorConfig config, LeaderElectionConfiguration lease) {
    return new OperatorUnderTest(api.newClient(USER_AGENT), config, lease);
  }

  /** How many reconciles this replica ran. */
  public long reconciles() {
    return registry.find("pyrometer.reconcile").timers().stream().mapToLong(t -> t.count()).sum();
  }

  public SimpleMeterRegistry metrics() {
    return registry;
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      operator.stop();
      client.close();
    }
  }
}
