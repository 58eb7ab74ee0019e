package dev.pyrometer.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The patch formats the API server accepts, applied to JSON documents: RFC 7386 merge patch, and
 * strategic merge patch for the pod's {@code spec.ephemeralContainers} (a list merged by
 * {@code name}, whose {@code env} merges by name and {@code volumeMounts} by mountPath, as in
 * the Kubernetes API's patch strategies; other lists are replaced).
 */
final class PatchDocuments {
  private static final Map<String, String> MERGE_KEYS =
      Map.of("ephemeralContainers", "name", "env", "name", "volumeMounts", "mountPath");
  private static final Set<String> DIRECTIVE_PREFIXES = Set.of("$setElementOrder/", "$retainKeys", "$deleteFromPrimitiveList/");

  private PatchDocuments() {}

  /** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /** Strategic merge patch, for the parts of a pod an ephemeralcontainers update may touch. */
  static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = e.getKey();
      if (DIRECTIVE_PREFIXES.stream().anyMatch(field::startsWith) || field.equals("$patch")) {
        continue;
      }
      JsonNode value = e.getValue();
      if (value.isNull()) {
        out.remove(field);
      } else if (value.isArray() && MERGE_KEYS.containsKey(field)) {
        out.set(field, mergeList(out.get(field), (ArrayNode) value, MERGE_KEYS.get(field)));
      } else if (value.isObject()) {
        out.set(field, strategicMergePatch(out.get(field), value));
      } else {
        out.set(field, value.deepCopy());
      }
    }
    return out;
  }

  private static ArrayNode mergeList(JsonNode current, ArrayNode patch, String key) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    boolean replace = false;
    for (JsonNode item : patch) {
      if ("replace".equals(item.path("$patch").asText())) {
        replace = true;
      }
    }
    if (!replace && current != null && current.isArray()) {
      out.addAll(((ArrayNode) current).deepCopy());
    }
    for (JsonNode item : patch) {
      String directive = item.path("$patch").asText();
      if (directive.equals("replace")) {
        continue;
      }
      int at = indexOf(out, key, item.path(key).asText());
      if (directive.equals("delete")) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        out.set(at, strategicMergePatch(out.get(at), item));
      } else {
        out.add(strategicMergePatch(null, item));
      }
    }
    return out;
  }

  private static int indexOf(ArrayNode list, String key, String value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).path(key).asText().equals(value)) {
        return i;
      }
    }
    return -1;
  }
}
