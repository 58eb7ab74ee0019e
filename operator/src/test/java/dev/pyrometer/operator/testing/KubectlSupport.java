package dev.pyrometer.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kubectl needs beyond CRUD to work against the mock server: the OpenAPI v3 documents that
 * tell it the server validates fields itself (so {@code kubectl apply} needs no
 * {@code --validate=false}), and server-side tables, so that {@code kubectl get profilesessions}
 * prints the CRD's printer columns (with AGE and dates as the API server renders them).
 */
final class KubectlSupport {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Map<String, List<String>> KINDS_BY_GROUP_VERSION =
      Map.of("api/v1", List.of("Pod", "Namespace", "Secret", "ConfigMap", "Event"), "apis/coordination.k8s.io/v1", List.of("Lease"));

  private final CustomResourceDefinition crd;
  private final Pattern crdPath;

  KubectlSupport(CustomResourceDefinition crd) {
    this.crd = crd;
    this.crdPath = Pattern.compile("^/apis/" + Pattern.quote(crd.getSpec().getGroup()) + "/v1alpha1/(?:namespaces/[^/]+/)?" + crd.getSpec().getNames().getPlural() + "(?:/[^/]+)?$");
  }

  private String crdGroupVersion() {
    return "apis/" + crd.getSpec().getGroup() + "/v1alpha1";
  }

  /** {@code /openapi/v3} and its group-version documents; empty for other paths. */
  Optional<MockResponse> openApi(String path) {
    if (path.equals("/openapi/v3")) {
      ObjectNode paths = JSON.objectNode();
      for (String gv : List.of("api/v1", "apis/coordination.k8s.io/v1", crdGroupVersion())) {
        paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=pyrometer");
      }
      ObjectNode root = JSON.objectNode();
      root.set("paths", paths);
      return Optional.of(ApiStatus.json(200, root.toString()));
    }
    if (!path.startsWith("/openapi/v3/")) {
      return Optional.empty();
    }
    String gv = path.substring("/openapi/v3/".length());
    List<String> kinds = gv.equals(crdGroupVersion()) ? List.of(crd.getSpec().getNames().getKind()) : KINDS_BY_GROUP_VERSION.get(gv);
    if (kinds == null) {
      return Optional.of(ApiStatus.notFound("openapi", gv));
    }
    String[] parts = gv.split("/");
    String group = parts[0].equals("api") ? "" : parts[1];
    String version = parts[parts.length - 1];
    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    for (String kind : kinds) {
      // one PATCH operation per kind that accepts fieldValidation: server-side field validation
      ObjectNode patch = paths.putObject("/" + gv + "/namespaces/{namespace}/" + kind.toLowerCase() + "s/{name}").putObject("patch");
      patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version).put("kind", kind);
      patch.putArray("parameters").addObject().put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
      patch.putObject("responses");
    }
    doc.putObject("components").putObject("schemas");
    return Optional.of(ApiStatus.json(200, doc.toString()));
  }

  /** True for a GET of profilesessions that asks for a Table. */
  boolean wantsTable(String method, String path, String accept) {
    return method.equals("GET") && accept != null && accept.contains("as=Table") && crdPath.matcher(path).matches();
  }

  /** Turns the CRUD store's answer (an object or a list) into a Table with the CRD's columns. */
  MockResponse table(MockResponse stored) {
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode body = Serialization.unmarshal(stored.getBody().readUtf8(), JsonNode.class);
    List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("description", "Name").put("priority", 0);
    for (CustomResourceColumnDefinition c : columns) {
      definitions.addObject().put("name", c.getName()).put("type", c.getType()).put("format", Optional.ofNullable(c.getFormat()).orElse(""))
          .put("description", Optional.ofNullable(c.getDescription()).orElse("")).put("priority", Optional.ofNullable(c.getPriority()).orElse(0));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = body.has("items") ? iterable(body.get("items")) : List.of(body);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition c : columns) {
        JsonNode value = jsonPath(item, c.getJsonPath());
        if (value == null || value.isNull() || value.isMissingNode()) {
          cells.addNull();
        } else if ("date".equals(c.getType())) {
          cells.add(age(Instant.parse(value.asText())));
        } else {
          cells.add(value);
        }
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", item.path("metadata").deepCopy());
    }
    return ApiStatus.json(200, table.toString());
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_-]+)(?:\\[(\\d+)])?");

  /** The simple JSONPath of printer columns: {@code .a.b[0].c}. */
  static JsonNode jsonPath(JsonNode node, String path) {
    Matcher m = STEP.matcher(path);
    JsonNode at = node;
    while (m.find() && at != null) {
      at = at.get(m.group(1));
      if (at != null && m.group(2) != null) {
        at = at.get(Integer.parseInt(m.group(2)));
      }
    }
    return at;
  }

  /** The API server's (and kubectl's) short human age: 45s, 3m20s, 2m, 5h, 3d... */
  static String age(Instant since) {
    Duration d = Duration.between(since, Instant.now());
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    return (h / 24) + "d";
  }
}
