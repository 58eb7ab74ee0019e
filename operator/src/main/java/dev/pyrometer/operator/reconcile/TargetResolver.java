package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the pods a session targets, always in the session's own namespace, and checks that each
 * target container runs. Selection is deterministic (pods that already carry this session's
 * container first, then the oldest), so a restarted operator picks the same pods again.
 */
public final class TargetResolver {
  /** Set by the kubelet on the API copy of a static pod, which cannot take ephemeral containers. */
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  /**
   * @param containerName this session's ephemeral container name
   * @throws SessionFailure TargetNotFound, TargetNotRunning or ContainerRequired
   */
  public List<ResolvedTarget> resolve(
      SessionPlan plan, String namespace, String containerName, PodLookup pods) {
    if (plan.podName() != null) {
      Pod pod =
          pods.get(namespace, plan.podName())
              .orElseThrow(
                  () ->
                      new SessionFailure(
                          Reason.TargetNotFound,
                          "pod " + plan.podName() + " not found in namespace " + namespace));
      String container = targetContainer(pod, plan);
      if (!carries(pod, containerName)) {
        checkRunning(pod, container);
      }
      return List.of(new ResolvedTarget(pod, container));
    }
    return bySelector(plan, namespace, containerName, pods);
  }

  private List<ResolvedTarget> bySelector(
      SessionPlan plan, String namespace, String containerName, PodLookup pods) {
    String selector = LabelSelectors.describe(plan.podSelector());
    List<Pod> matching =
        pods.list(namespace).stream()
            .filter(p -> LabelSelectors.matches(plan.podSelector(), p.getMetadata().getLabels()))
            .sorted(OLDEST_FIRST)
            .toList();
    if (matching.isEmpty()) {
      throw new SessionFailure(
          Reason.TargetNotFound, "no pod in namespace " + namespace + " matches " + selector);
    }
    List<ResolvedTarget> picked = new ArrayList<>();
    for (Pod pod : matching) {
      if (carries(pod, containerName)) {
        picked.add(new ResolvedTarget(pod, targetContainer(pod, plan)));
      }
    }
    List<String> notRunning = new ArrayList<>();
    for (Pod pod : matching) {
      if (picked.size() >= plan.maxPods()) {
        break;
      }
      if (carries(pod, containerName) || isMirror(pod)) {
        continue;
      }
      String container = targetContainer(pod, plan);
      try {
        checkRunning(pod, container);
        picked.add(new ResolvedTarget(pod, container));
      } catch (SessionFailure notReady) {
        notRunning.add(notReady.getMessage());
      }
    }
    if (picked.isEmpty()) {
      throw new SessionFailure(
          Reason.TargetNotRunning,
          matching.size() + " pod(s) match " + selector + " but none can be profiled: "
              + String.join("; ", notRunning));
    }
    return picked;
  }

  private static final Comparator<Pod> OLDEST_FIRST =
      Comparator.comparing(
              (Pod p) -> Optional.ofNullable(p.getMetadata().getCreationTimestamp()).orElse(""))
          .thenComparing(p -> p.getMetadata().getName());

  /** The named container, or the pod's only one. */
  static String targetContainer(Pod pod, SessionPlan plan) {
    List<String> names = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    String podName = pod.getMetadata().getName();
    if (plan.container() != null) {
      if (!names.contains(plan.container())) {
        throw new SessionFailure(
            Reason.TargetNotFound,
            "pod %s has no container %s (its containers: %s)"
                .formatted(podName, plan.container(), String.join(", ", names)));
      }
      return plan.container();
    }
    if (names.size() != 1) {
      throw new SessionFailure(
          Reason.ContainerRequired,
          "pod %s has %d containers (%s): set spec.target.container"
              .formatted(podName, names.size(), String.join(", ", names)));
    }
    return names.get(0);
  }

  /** The pod is running, not being deleted, not static, and its target container runs. */
  static void checkRunning(Pod pod, String container) {
    String podName = pod.getMetadata().getName();
    if (isMirror(pod)) {
      throw new SessionFailure(
          Reason.TargetNotRunning,
          "pod " + podName + " is a static pod, which cannot take ephemeral containers");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      throw new SessionFailure(Reason.TargetNotRunning, "pod " + podName + " is terminating");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (!"Running".equals(phase)) {
      throw new SessionFailure(
          Reason.TargetNotRunning, "pod " + podName + " is " + (phase == null ? "not scheduled" : phase));
    }
    ContainerStatus status =
        Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream()
            .filter(s -> container.equals(s.getName()))
            .findFirst()
            .orElse(null);
    if (status == null || status.getState() == null || status.getState().getRunning() == null) {
      throw new SessionFailure(
          Reason.TargetNotRunning,
          "container %s in pod %s is not running%s".formatted(container, podName, why(status)));
    }
  }

  private static String why(ContainerStatus status) {
    if (status == null || status.getState() == null) {
      return "";
    }
    if (status.getState().getWaiting() != null) {
      return " (waiting: " + status.getState().getWaiting().getReason() + ")";
    }
    if (status.getState().getTerminated() != null) {
      return " (terminated: " + status.getState().getTerminated().getReason() + ")";
    }
    return "";
  }

  static boolean carries(Pod pod, String ephemeralContainer) {
    return Optional.ofNullable(pod.getSpec().getEphemeralContainers()).orElse(List.of()).stream()
        .map(EphemeralContainer::getName)
        .anyMatch(ephemeralContainer::equals);
  }

  private static boolean isMirror(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(MIRROR_ANNOTATION);
  }

}
