package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What kube-controller-manager's garbage collector does for owned objects, which the mock API
 * server lacks: a dependent whose owner reference names an owner UID that no longer exists (in the
 * dependent's namespace) is deleted, as background propagation does. Limited to one owner kind
 * and one dependent kind, checked every 100 ms.
 */
public final class GarbageCollector<O extends HasMetadata, D extends HasMetadata> implements AutoCloseable {
  private final KubernetesClient client;
  private final Class<O> ownerType;
  private final Class<D> dependentType;
  private final String ownerKind;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  private GarbageCollector(KubernetesClient client, Class<O> ownerType, Class<D> dependentType) {
    this.client = client;
    this.ownerType = ownerType;
    this.dependentType = dependentType;
    this.ownerKind = HasMetadata.getKind(ownerType);
    loop.scheduleWithFixedDelay(this::collect, 100, 100, TimeUnit.MILLISECONDS);
  }

  public static <O extends HasMetadata, D extends HasMetadata> GarbageCollector<O, D> start(
      KubernetesClient client, Class<O> ownerType, Class<D> dependentType) {
    return new GarbageCollector<>(client, ownerType, dependentType);
  }

  private void collect() {
    try {
      for (D dependent : client.resources(dependentType).inAnyNamespace().list().getItems()) {
        String namespace = dependent.getMetadata().getNamespace();
        for (OwnerReference ref : dependent.getMetadata().getOwnerReferences()) {
          if (!ownerKind.equals(ref.getKind())) {
            continue;
          }
          O owner = client.resources(ownerType).inNamespace(namespace).withName(ref.getName()).get();
          if (owner == null || !Objects.equals(owner.getMetadata().getUid(), ref.getUid())) {
            client.resources(dependentType).inNamespace(namespace).withName(dependent.getMetadata().getName()).delete();
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      // the next round tries again, as the real collector does
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
