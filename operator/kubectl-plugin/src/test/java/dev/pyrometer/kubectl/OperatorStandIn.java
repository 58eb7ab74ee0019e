package dev.pyrometer.kubectl;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a session's status as the operator does (phase by phase, through the status
 * subresource), each next phase only once the plugin has printed the previous one, so the test
 * sees every change without sleeping.
 */
final class OperatorStandIn {
  private final KubernetesClient client;
  private final String namespace;

  OperatorStandIn(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The session the plugin created (waits for it). */
  GenericKubernetesResource awaitSession() {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(namespace).list().getItems(), l -> !l.isEmpty()).get(0);
  }

  void setStatus(String name, Map<String, Object> status) {
    GenericKubernetesResource session = client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(namespace).withName(name).get();
    session.setAdditionalProperty("status", status);
    client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(namespace).resource(session).updateStatus();
  }

  /** Sets each status in turn, waiting for the plugin's output to show each phase before the next. */
  void drive(String name, StringWriter pluginOut, List<Map<String, Object>> statuses) {
    for (Map<String, Object> status : statuses) {
      setStatus(name, status);
      String line = status.get("phase") + (status.containsKey("message") ? ": " + status.get("message") : "");
      await().atMost(Duration.ofSeconds(60)).until(() -> pluginOut.toString().lines().anyMatch(line::equals));
    }
  }
}
