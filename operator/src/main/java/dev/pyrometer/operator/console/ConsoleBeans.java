package dev.pyrometer.operator.console;

import dev.pyrometer.operator.config.OperatorBeans;
import dev.pyrometer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the console from the operator's client, caches, storage settings and console settings. */
public class ConsoleBeans {

  @Produces
  @Singleton
  ConsoleAccess consoleAccess(KubernetesClient client, ConsoleConfig config, Clock clock) {
    return new ConsoleAccess(
        new ViewerTokens(config.proxyTokenHeader()),
        new CachedAccessReview(new KubernetesAccessReview(client), config.reviewCacheTtl(), clock));
  }

  @Produces
  @Singleton
  ClusterCatalog clusterCatalog(Operator operator) {
    return new InformerCatalog(operator);
  }

  @Produces
  @Singleton
  SessionEvents sessionEvents(KubernetesClient client) {
    return new SessionEvents(client.getConfiguration());
  }

  @Produces
  @Singleton
  ArtifactStore artifactStore(OperatorConfig config) {
    return new ArtifactStore(OperatorBeans.minio(config.storage().endpoint(), config.storage()));
  }

  @Produces
  @Singleton
  ArtifactLinks artifactLinks(OperatorConfig config, ConsoleConfig console, Clock clock) {
    return new ArtifactLinks(config.storage().secretKey(), console.linkTtl(), clock);
  }
}
