package dev.pyrometer.operator.config;

import dev.pyrometer.operator.ephemeral.EphemeralContainerFactory;
import dev.pyrometer.operator.ephemeral.EphemeralContainerInjector;
import dev.pyrometer.operator.ephemeral.UploadDelivery;
import dev.pyrometer.operator.metrics.SessionMetrics;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.reconcile.CompareBase;
import dev.pyrometer.operator.reconcile.ProfileSessionReconciler;
import dev.pyrometer.operator.reconcile.SessionStarter;
import dev.pyrometer.operator.reconcile.SessionWorkflow;
import dev.pyrometer.operator.reconcile.SpecValidator;
import dev.pyrometer.operator.reconcile.TargetObserver;
import dev.pyrometer.operator.reconcile.TargetResolver;
import dev.pyrometer.operator.status.EventRecorder;
import dev.pyrometer.operator.storage.MinioArtifactVerifier;
import dev.pyrometer.operator.storage.UploadPresigner;
import dev.pyrometer.operator.storage.UploadSecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.minio.MinioClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wires the operator from its configuration: the one place that knows how the parts fit, so that
 * tests can build the same graph with {@link #reconciler} outside Quarkus.
 */
public class OperatorBeans {

  @Produces
  @Singleton
  SessionWorkflow sessionWorkflow(KubernetesClient client, OperatorConfig config, Clock clock) {
    return workflow(client, config, clock);
  }

  @Produces
  @Singleton
  EventRecorder eventRecorder(KubernetesClient client, Clock clock) {
    return new EventRecorder(client, clock, instanceName());
  }

  @Produces
  @Singleton
  SessionMetrics sessionMetrics(MeterRegistry registry) {
    return new SessionMetrics(registry);
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The reconciler and everything it uses. */
  public static ProfileSessionReconciler reconciler(
      KubernetesClient client, OperatorConfig config, SessionMetrics metrics, Clock clock) {
    return new ProfileSessionReconciler(
        workflow(client, config, clock), new EventRecorder(client, clock, instanceName()), metrics, clock);
  }

  /** Validate, resolve, start, observe: the session logic with its storage and API clients. */
  public static SessionWorkflow workflow(KubernetesClient client, OperatorConfig config, Clock clock) {
    OperatorConfig.Storage storage = config.storage();
    MinioClient operatorFacing = minio(storage.endpoint(), storage);
    MinioClient podFacing = minio(storage.podEndpoint().orElse(storage.endpoint()), storage);
    UploadSecrets secrets = new UploadSecrets(client);
    UploadPresigner presigner = new UploadPresigner(podFacing);
    return new SessionWorkflow(
            new SpecValidator(config),
            new TargetResolver(),
            new SessionStarter(
                presigner,
                secrets,
                new EphemeralContainerFactory(config.agent().imagePullPolicy(), config.agent().outputDir()),
                new EphemeralContainerInjector(client, config.ephemeralContainerLimit()),
                () -> UploadDelivery.forServer(client),
                min(storage.uploadUrlMargin(), config.finishGrace())),
            new CompareBase(
                (namespace, name) -> Optional.ofNullable(
                    client.resources(ProfileSession.class).inNamespace(namespace).withName(name).get()),
                presigner),
            new TargetObserver(new MinioArtifactVerifier(operatorFacing), config.finishGrace()),
            secrets,
            clock);
  }

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A client with the region set, so presigning never calls the storage. */
  public static MinioClient minio(String endpoint, OperatorConfig.Storage storage) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .region(storage.region())
            .credentials(storage.accessKey(), storage.secretKey())
            .build();
    // MinIO's default is minutes: a storage that does not answer should be retried sooner
    long timeout = TimeUnit.SECONDS.toMillis(10);
    client.setTimeout(timeout, timeout, timeout);
    return client;
  }

  /** The pod name in a cluster (events name the replica that wrote them). */
  private static String instanceName() {
    return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("local");
  }
}
