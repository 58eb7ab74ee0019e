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

  /**
   * Adds {@code container} unless the pod already has a container of that name.
   *
   * @return true when this call added it
   * @throws SessionFailure when the pod is at the limit or the API server refuses the container
   * @throws KubernetesClientException for errors worth retrying (conflicts, server errors)
   */
  public boolean inject(Pod pod, EphemeralContainer container) {
    List<EphemeralContainer> existing =
        Optional.ofNullable(pod.getSpec().getEphemeralContainers()).orElse(List.of());
    if (existing.stream().anyMatch(c -> c.getName().equals(container.getName()))) {
      return false;
    }
    if (existing.size() >= limit) {
      throw new SessionFailure(
          Reason.EphemeralContainerLimit,
          "pod %s already has %d ephemeral containers (limit %d)"
              .formatted(pod.getMetadata().getName(), existing.size(), limit));
    }
    // A strategic merge patch merges ephemeralContainers by name: it can only add ours, and
    // re-sending it after a lost response is a no-op rather than a second container.
    String patch =
        Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(container))));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .ephemeralContainers()
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      throw refusal(pod, container, e);
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
