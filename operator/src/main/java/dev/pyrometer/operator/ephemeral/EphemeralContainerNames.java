package dev.pyrometer.operator.ephemeral;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names derived from UIDs, never random: a restarted operator recomputes the same name, finds the
 * container it added before, and never adds a second one.
 */
public final class EphemeralContainerNames {
  /** Every profiler container's name starts with this. */
  public static final String PREFIX = "pyrometer-";

  private EphemeralContainerNames() {}

  /** {@code pyrometer-<8 hex digits from the session UID>}: a DNS label, unique per session. */
  public static String containerName(String sessionUid) {
    return PREFIX + shortUid(sessionUid);
  }

  /** The Secret holding one target pod's upload URLs: {@code pyrometer-<session8>-<pod8>}. */
  public static String uploadSecretName(String sessionUid, String podUid) {
    return PREFIX + shortUid(sessionUid) + "-" + shortUid(podUid);
  }

  /**
   * 8 hex digits of a hash of the whole UID: UIDs are opaque (not necessarily random in their
   * first digits), and a hash spreads whatever makes them unique.
   */
  public static String shortUid(String uid) {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("a UID is needed to derive a name");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
