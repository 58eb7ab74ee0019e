package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;

/** Pods from the operator's pod informer: no API call per reconcile. */
final class InformerPodLookup implements PodLookup {
  private final InformerEventSource<Pod, ProfileSession> informer;

  InformerPodLookup(InformerEventSource<Pod, ProfileSession> informer) {
    this.informer = informer;
  }

  @Override
  public Optional<Pod> get(String namespace, String name) {
    return informer.get(new ResourceID(name, namespace));
  }

  @Override
  public List<Pod> list(String namespace) {
    return informer.list(namespace, p -> true).toList();
  }
}
