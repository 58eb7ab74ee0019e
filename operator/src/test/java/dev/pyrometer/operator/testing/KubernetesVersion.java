package dev.pyrometer.operator.testing;

import java.util.List;

/**
 * The Kubernetes version a test cluster simulates: what the mock API server answers at {@code
 * /version}, and which kubelet and authorizer behaviour the test kubelet follows.
 *
 * @param minor the minor version of Kubernetes 1.x
 */
public record KubernetesVersion(int minor) {
  /** The oldest version the chart supports with every feature (its admission policy needs 1.30). */
  public static final KubernetesVersion V1_29 = new KubernetesVersion(29);
  /** The last version whose Node authorizer ignores ephemeral containers' references. */
  public static final KubernetesVersion V1_32 = new KubernetesVersion(32);
  /** The first version whose Node authorizer follows them (kubernetes/kubernetes#129670). */
  public static final KubernetesVersion V1_33 = new KubernetesVersion(33);
  /** The newest minor simulated; raise it with each Kubernetes release. */
  public static final KubernetesVersion NEWEST = new KubernetesVersion(35);

  /** The versions every end-to-end flow runs against. */
  public static final List<KubernetesVersion> SUPPORTED = List.of(V1_29, V1_32, V1_33, NEWEST);

  /** For {@code @MethodSource}: {@link #SUPPORTED}. */
  public static List<KubernetesVersion> supported() {
    return SUPPORTED;
  }

  /**
   * Before 1.33 the Node authorizer's graph is not updated when {@code pods/ephemeralcontainers}
   * adds a container (kubernetes/kubernetes#114984): the kubelet may not read a Secret or
   * ConfigMap that only an ephemeral container refers to.
   */
  public boolean nodeMayReadObjectsOfEphemeralContainers() {
    return minor >= 33;
  }

  public String gitVersion() {
    return "v1." + minor + ".0";
  }

  /** The body of {@code GET /version}, as a kube-apiserver writes it. */
  public String versionJson() {
    return """
        {"major":"1","minor":"%d","gitVersion":"%s","gitCommit":"0000000000000000000000000000000000000000","gitTreeState":"clean","buildDate":"2026-01-01T00:00:00Z","goVersion":"go1.24.0","compiler":"gc","platform":"linux/amd64"}"""
        .formatted(minor, gitVersion());
  }

  @Override
  public String toString() {
    return "Kubernetes 1." + minor;
  }
}
