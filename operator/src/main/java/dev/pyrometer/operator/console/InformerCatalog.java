package dev.pyrometer.operator.console;

import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClusterCatalog} from the operator's own informer caches (JOSDK's controller event
 * sources): no extra API call per page, the namespaces the operator watches, and the same on every
 * replica (informers run on standby replicas too; only reconciling waits for the lease).
 */
public final class InformerCatalog implements ClusterCatalog {
  private final Operator operator;

  public InformerCatalog(Operator operator) {
    this.operator = operator;
  }

  @Override
  public List<ProfileSession> sessions(String namespace) {
    return list(ProfileSession.class, namespace);
  }

  @Override
  public Optional<ProfileSession> session(String namespace, String name) {
    return cache(ProfileSession.class).get(new ResourceID(name, namespace));
  }

  @Override
  public List<ProfileSchedule> schedules(String namespace) {
    return list(ProfileSchedule.class, namespace);
  }

  @Override
  public Optional<ProfileSchedule> schedule(String namespace, String name) {
    return cache(ProfileSchedule.class).get(new ResourceID(name, namespace));
  }

  private <R extends HasMetadata> List<R> list(Class<R> type, String namespace) {
    ControllerEventSource<R> cache = cache(type);
    return (namespace == null ? cache.list(r -> true) : cache.list(namespace, r -> true))
        .sorted(Comparator.comparing((R r) -> r.getMetadata().getNamespace())
            .thenComparing(r -> r.getMetadata().getCreationTimestamp(), Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(r -> r.getMetadata().getName()))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> ControllerEventSource<R> cache(Class<R> type) {
    for (RegisteredController<?> registered : operator.getRegisteredControllers()) {
      if (registered.getConfiguration().getResourceClass().equals(type) && registered instanceof Controller<?> controller) {
        return (ControllerEventSource<R>) controller.getEventSourceManager().getControllerEventSource();
      }
    }
    throw new ConsoleException(503, "the operator has no " + type.getSimpleName() + " controller running yet");
  }
}
