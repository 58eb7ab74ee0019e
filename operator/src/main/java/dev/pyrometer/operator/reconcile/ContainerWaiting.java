package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.status.Reason;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the kubelet's waiting reason for the profiler container means for the session: a cause
 * that no waiting will fix (a wrong image, a refused configuration) fails it at once with a reason
 * that names the cause and the fix; anything else is waited for, up to the start timeout.
 *
 * <p>A single {@code ErrImagePull} is given {@link #PULL_GRACE}: the kubelet retries the pull, and
 * reports the next failure as {@code ImagePullBackOff}, which fails the session; a registry that
 * only hiccupped lets the retry succeed. Ephemeral containers are never restarted, so a container
 * that failed to be created or started stays that way.
 */
public final class ContainerWaiting {
  /** How long a first failed pull may stand before the session gives up on the image. */
  public static final Duration PULL_GRACE = Duration.ofSeconds(30);

  private static final Set<String> PULL_FAILED =
      Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "ErrInvalidImageName", "RegistryUnavailable");
  private static final Set<String> CONFIG_ERROR = Set.of("CreateContainerConfigError");
  private static final Set<String> START_FAILED = Set.of("CreateContainerError", "RunContainerError", "StartError");

  private ContainerWaiting() {}

  /**
   * @param waiting the kubelet's waiting state, or null
   * @param image the profiler image, for the message
   * @param waited how long since the container was requested
   * @return the failure, when the container will not start by waiting longer
   */
  public static Optional<Verdict> judge(ContainerStateWaiting waiting, String pod, String image, Duration waited) {
    if (waiting == null || waiting.getReason() == null) {
      return Optional.empty();
    }
    String reason = waiting.getReason();
    String said = reason + (waiting.getMessage() == null || waiting.getMessage().isBlank() ? "" : ": " + waiting.getMessage());
    boolean lastingPullError = reason.equals("ErrImagePull") && waited.compareTo(PULL_GRACE) >= 0;
    if (PULL_FAILED.contains(reason) || lastingPullError) {
      return Optional.of(new Verdict(Reason.ImagePullFailed,
          "the kubelet cannot pull the profiler image %s for pod %s (%s): check the image name and tag (spec.agent.image, or the chart's agent.image), that the node can reach the registry, and the pod's imagePullSecrets for a private registry"
              .formatted(image, pod, said)));
    }
    if (CONFIG_ERROR.contains(reason)) {
      return Optional.of(new Verdict(Reason.ContainerConfigError,
          "the kubelet refuses the profiler container's configuration in pod %s (%s): %s".formatted(pod, said, configFix(waiting.getMessage()))));
    }
    if (START_FAILED.contains(reason)) {
      return Optional.of(new Verdict(Reason.ContainerStartFailed,
          "the container runtime could not start the profiler container in pod %s (%s): check that the image is the Pyrometer agent image for this node's architecture, and the node's container runtime logs"
              .formatted(pod, said)));
    }
    return Optional.empty();
  }

  private static String configFix(String message) {
    String m = message == null ? "" : message;
    if (m.contains("runAsNonRoot")) {
      return "the pod's securityContext.runAsNonRoot forbids the profiler image, which runs as root to read other processes' memory; profile a pod without runAsNonRoot";
    }
    if (m.contains("failed to sync secret cache") || m.contains("failed to sync configmap cache")) {
      return "the node may not read an object that only an ephemeral container refers to (Kubernetes before 1.33, kubernetes/kubernetes#114984); this operator passes upload URLs inline on such clusters, so check that the operator and the chart are of this release";
    }
    return "check the message, and that the operator and the profiler image are of this release";
  }

  /** The failure reason and a message naming the cause and the fix. */
  public record Verdict(Reason reason, String message) {}
}
