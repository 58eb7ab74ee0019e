package dev.pyrometer.operator.storage;

import dev.pyrometer.operator.ephemeral.EphemeralContainerNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a session's artifacts live in a bucket:
 * {@code <prefix>/<namespace>/<session>-<uid8>/<pod>/<file>} (uid8 as in the container name). The UID part keeps a re-created
 * session of the same name from overwriting the earlier one's results.
 */
public final class ObjectKeys {
  private ObjectKeys() {}

  public static String key(
      String prefix, String namespace, String session, String sessionUid, String pod, String file) {
    List<String> parts = new ArrayList<>();
    String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    if (!trimmed.isEmpty()) {
      parts.add(trimmed);
    }
    parts.add(namespace);
    parts.add(session + "-" + EphemeralContainerNames.shortUid(sessionUid));
    parts.add(pod);
    parts.add(file);
    return String.join("/", parts);
  }

  public static String uri(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }
}
