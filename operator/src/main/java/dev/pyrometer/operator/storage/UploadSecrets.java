package dev.pyrometer.operator.storage;

import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-target Secret that holds the presigned upload URLs. It is owned by the session (so it
 * goes when the session goes) and deleted as soon as the session ends: the URLs are bearer
 * capabilities and nothing needs them any more.
 */
public final class UploadSecrets {
  /** Set on every Secret the operator creates. */
  public static final String SESSION_LABEL = "pyrometer.dev/session";

  private final KubernetesClient client;

  public UploadSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** The Secret for one target: keys are the upload env vars, values the URLs. */
  public static Secret build(ProfileSession session, String name, Map<String, String> urlByEnvVar) {
    Map<String, String> data = new LinkedHashMap<>();
    urlByEnvVar.forEach(
        (key, url) ->
            data.put(
                key, Base64.getEncoder().encodeToString(url.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(session.getMetadata().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "pyrometer-operator")
        .addToLabels(SESSION_LABEL, session.getMetadata().getName())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(session.getApiVersion())
                .withKind(session.getKind())
                .withName(session.getMetadata().getName())
                .withUid(session.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * Creates the Secret unless it exists: after an operator restart the one created before is kept,
   * since a profiler container may already have read it.
   */
  public void ensure(Secret secret) {
    try {
      client.secrets().resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  public void delete(String namespace, String name) {
    client.secrets().inNamespace(namespace).withName(name).delete();
  }
}
