package dev.pyrometer.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Read access to the pods the operator knows, by namespace: the informer's cache in production. */
public interface PodLookup {
  Optional<Pod> get(String namespace, String name);

  List<Pod> list(String namespace);

  /**
   * The same pods read straight from the API server: a cache can lag behind a pod that was just
   * created or just started, and a session must not fail on a lag.
   */
  default PodLookup fresh() {
    return this;
  }
}
