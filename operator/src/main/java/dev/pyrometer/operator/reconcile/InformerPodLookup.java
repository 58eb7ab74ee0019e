package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;

/** Pods from the operator's pod informer (no API call per reconcile), or fresh from the API. */
final class InformerPodLookup implements PodLookup {
  private final InformerEventSource<Pod, ProfileSession> informer;
  private final KubernetesClient client;

  InformerPodLookup(InformerEventSource<Pod, ProfileSession> informer, KubernetesClient client) {
    this.informer = informer;
    this.client = client;
  }

  @Override
  public Optional<Pod> get(String namespace, String name) {
    return informer.get(new ResourceID(name, namespace));
  }

  @Override
  public List<Pod> list(String namespace) {
    return informer.list(namespace, p -> true).toList();
  }

  @Override
  public PodLookup fresh() {
    return new PodLookup() {
      @Override
      public Optional<Pod> get(String namespace, String name) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
      }

      @Override
      public List<Pod> list(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
      }
    };
  }
}
