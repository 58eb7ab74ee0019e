package dev.pyrometer.operator.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a session's artifacts live in a bucket:
 * {@code <prefix>/<namespace>/<session>-<uid8>/<pod>/<file>}. The UID part keeps a re-created
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
    String uid8 = sessionUid.replace("-", "");
    parts.add(namespace);
    parts.add(session + "-" + uid8.substring(0, Math.min(8, uid8.length())));
    parts.add(pod);
    parts.add(file);
    return String.join("/", parts);
  }

  public static String uri(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }
}
