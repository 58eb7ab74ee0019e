package dev.pyrometer.operator.ephemeral;

import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds a profiler container to a pod through the {@code pods/ephemeralcontainers} subresource, at
 * most once, and turns the API server's refusals into failure reasons.
 */
public final class EphemeralContainerInjector {
  private final KubernetesClient client;
  private final int limit;

  /** @param limit the most ephemeral containers a pod may carry (they can never be removed) */
  public EphemeralContainerInjector(KubernetesClient client, int limit) {
    this.client = client;
    this.limit = limit;
  }

  /** How often a patch that lost a race with another writer of the pod is tried again. */
  private static final int ATTEMPTS = 5;

  /**
   * Adds {@code container} unless the pod already has a container of that name. The count of
   * ephemeral containers is read fresh from the API server, and the patch carries the
   * resourceVersion it was read at: a cache may not show containers added moments ago, and two
   * sessions starting on one pod at once must not both take its last slot.
   *
   * @return true when this call added it
   * @throws SessionFailure when the pod is gone or at the limit, or the API server refuses the
   *     container
   * @throws KubernetesClientException for errors worth retrying (server errors, throttling)
   */
  public boolean inject(Pod pod, EphemeralContainer container) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    for (int attempt = 1; ; attempt++) {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
        throw new SessionFailure(Reason.TargetNotFound, "pod " + name + " no longer exists");
      }
      List<EphemeralContainer> existing =
          Optional.ofNullable(current.getSpec().getEphemeralContainers()).orElse(List.of());
      if (existing.stream().anyMatch(c -> c.getName().equals(container.getName()))) {
        return false;
      }
      if (existing.size() >= limit) {
        throw new SessionFailure(
            Reason.EphemeralContainerLimit,
            "pod %s already has %d ephemeral containers (limit %d)".formatted(name, existing.size(), limit));
      }
      // A strategic merge patch merges ephemeralContainers by name: it can only add ours. Its
      // resourceVersion makes it a compare-and-swap: a pod changed since the read is a conflict.
      String patch =
          Serialization.asJson(
              Map.of(
                  "metadata", Map.of("resourceVersion", current.getMetadata().getResourceVersion()),
                  "spec", Map.of("ephemeralContainers", List.of(container))));
      try {
        client
            .pods()
            .inNamespace(namespace)
            .withName(name)
            .ephemeralContainers()
            .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ATTEMPTS) {
          continue; // the pod changed since the read: count again
        }
        throw refusal(current, container, e);
      }
    }
  }

  private static RuntimeException refusal(
      Pod pod, EphemeralContainer container, KubernetesClientException e) {
    String message = serverMessage(e);
    String podName = pod.getMetadata().getName();
    return switch (e.getCode()) {
      case 403 ->
          isAdmissionDenial(message)
              ? new SessionFailure(Reason.PodSecurityRejected, message)
              : new SessionFailure(Reason.Forbidden, message);
      case 404 -> new SessionFailure(Reason.TargetNotFound, "pod " + podName + " no longer exists");
      case 400, 422 ->
          isAdmissionDenial(message)
              ? new SessionFailure(Reason.PodSecurityRejected, message)
              : new SessionFailure(Reason.EphemeralContainerRejected, message);
      default -> e; // conflicts, throttling, server errors: retried with backoff
    };
  }

  /** Pod Security Admission and validating webhooks phrase their denials like this. */
  static boolean isAdmissionDenial(String message) {
    return message.contains("violates PodSecurity")
        || message.contains("admission webhook")
        || message.contains("denied the request")
        || message.contains("ValidatingAdmissionPolicy");
  }

  static String serverMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
