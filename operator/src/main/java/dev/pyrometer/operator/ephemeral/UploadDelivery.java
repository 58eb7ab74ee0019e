package dev.pyrometer.operator.ephemeral;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * How the profiler container receives its presigned upload URLs, chosen by the API server's
 * version.
 *
 * <p>Before Kubernetes 1.33 the Node authorizer does not let a kubelet read a Secret or ConfigMap
 * that only an ephemeral container refers to (kubernetes/kubernetes#114984, fixed by #129670 in
 * 1.33, not backported): a container referring to one waits forever in
 * CreateContainerConfigError. There the URLs go {@link #INLINE} as plain env values: the kubelet
 * needs no object for them, but they stay readable in the pod spec by whoever may read the pod, for
 * the pod's life; each expires at the session's deadline, and the operator checks every stored
 * object against the size and SHA-256 the profiler reports, so an upload replaced through a seen
 * URL fails the session (ArtifactMismatch). From 1.33 on they go in a per-session {@link #SECRET}
 * that the container refers to, deleted when the session ends: nothing of them is left in the pod.
 */
public enum UploadDelivery {
  /** Env values from a per-session Secret (secretKeyRef): Kubernetes 1.33 and newer. */
  SECRET,
  /** Env values written into the container spec: every version. */
  INLINE;

  /** The first minor version whose Node authorizer follows ephemeral containers' references. */
  public static final int FIRST_MINOR_WITH_SECRET_SUPPORT = 33;

  private static final Logger LOG = Logger.getLogger(UploadDelivery.class);
  private static final Pattern DIGITS = Pattern.compile("^(\\d+)");

  /** The delivery a server of this version can always serve. */
  public static UploadDelivery forVersion(String major, String minor) {
    Optional<Integer> maj = leadingNumber(major);
    Optional<Integer> min = leadingNumber(minor);
    if (maj.isEmpty() || min.isEmpty()) {
      return INLINE; // an unknown version: the way that works everywhere
    }
    return maj.get() > 1 || min.get() >= FIRST_MINOR_WITH_SECRET_SUPPORT ? SECRET : INLINE;
  }

  /** Asks the API server (GET /version, open to every authenticated user). */
  public static UploadDelivery forServer(KubernetesClient client) {
    try {
      VersionInfo version = client.getKubernetesVersion();
      return forVersion(version.getMajor(), version.getMinor());
    } catch (RuntimeException e) {
      LOG.warnf("cannot read the API server's version (%s): upload URLs go inline, which works on every version", e.toString());
      return INLINE;
    }
  }

  /** "32+" (GKE, EKS) is 32. */
  private static Optional<Integer> leadingNumber(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = DIGITS.matcher(text.trim());
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }
}
