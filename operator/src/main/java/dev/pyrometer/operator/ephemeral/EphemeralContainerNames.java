package dev.pyrometer.operator.ephemeral;

import java.util.Locale;

/**
 * Names derived from UIDs, never random: a restarted operator recomputes the same name, finds the
 * container it added before, and never adds a second one.
 */
public final class EphemeralContainerNames {
  /** Every profiler container's name starts with this. */
  public static final String PREFIX = "pyrometer-";

  private EphemeralContainerNames() {}

  /** {@code pyrometer-<first 8 hex digits of the session UID>}: a DNS label, unique per session. */
  public static String containerName(String sessionUid) {
    return PREFIX + shortUid(sessionUid);
  }

  /** The Secret holding one target pod's upload URLs: {@code pyrometer-<session8>-<pod8>}. */
  public static String uploadSecretName(String sessionUid, String podUid) {
    return PREFIX + shortUid(sessionUid) + "-" + shortUid(podUid);
  }

  static String shortUid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("a UID is needed to derive a name");
    }
    String hex = uid.replace("-", "").toLowerCase(Locale.ROOT);
    return hex.length() <= 8 ? hex : hex.substring(0, 8);
  }
}
