package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Read access to a ProfileSession's fields as the API server returns them (JSON, untyped). */
public final class SessionView {
  static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;

  public SessionView(JsonNode root) {
    this.root = root == null ? MissingNode.getInstance() : root;
  }

  public static SessionView of(Object resource) {
    return new SessionView(JSON.valueToTree(resource));
  }

  public JsonNode json() {
    return root;
  }

  public String name() {
    return text(root.path("metadata").path("name"));
  }

  public String namespace() {
    return text(root.path("metadata").path("namespace"));
  }

  public String uid() {
    return text(root.path("metadata").path("uid"));
  }

  public String creationTimestamp() {
    return text(root.path("metadata").path("creationTimestamp"));
  }

  public String mode() {
    return text(root.path("spec").path("mode"));
  }

  public String duration() {
    return text(root.path("spec").path("duration"));
  }

  public JsonNode status() {
    return root.path("status");
  }

  public String phase() {
    return text(status().path("phase"));
  }

  public String reason() {
    return text(status().path("reason"));
  }

  public String message() {
    return text(status().path("message"));
  }

  public String top() {
    return text(status().path("top"));
  }

  public String target() {
    String shown = text(status().path("target"));
    if (!shown.isEmpty()) {
      return shown;
    }
    JsonNode t = root.path("spec").path("target");
    return t.has("podName") ? text(t.path("podName")) : t.has("podSelector") ? "selector " + selector(t.path("podSelector")) : "";
  }

  public String collected() {
    return text(status().path("collected"));
  }

  public boolean terminal() {
    return "Succeeded".equals(phase()) || "Failed".equals(phase());
  }

  public List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  public List<JsonNode> targets() {
    return list(status().path("targets"));
  }

  public List<JsonNode> conditions() {
    return list(status().path("conditions"));
  }

  public List<JsonNode> artifacts() {
    return list(status().path("artifacts"));
  }

  static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static String selector(JsonNode selector) {
    List<String> parts = new ArrayList<>();
    selector.path("matchLabels").fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    selector.path("matchExpressions").forEach(e -> parts.add(text(e.path("key")) + " " + text(e.path("operator")).toLowerCase()
        + " (" + String.join(",", textList(e.path("values"))) + ")"));
    return String.join(",", parts);
  }

  private static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
