package dev.pyrometer.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mock server answers kubectl's discovery, OpenAPI, table and event queries like an API server. */
class KubectlSupportTest {
  private static ClusterApiServer api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = ClusterApiServer.start();
    api.createNamespace("shop", Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private JsonNode get(String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }

  @Test
  void discoveryListsProfileSessionsWithTheirShortName() throws Exception {
    assertThat(get("/apis", null).path("groups").toString()).contains("pyrometer.dev/v1alpha1");
    JsonNode resources = get("/apis/pyrometer.dev/v1alpha1", null).path("resources");
    assertThat(resources.get(0).path("name").asText()).isEqualTo("profilesessions");
    assertThat(resources.get(0).path("shortNames").get(0).asText()).isEqualTo("profs");
    assertThat(resources.get(0).path("namespaced").asBoolean()).isTrue();
  }

  @Test
  void openApiTellsKubectlTheServerValidatesFields() throws Exception {
    String url = get("/openapi/v3", null).path("paths").path("apis/pyrometer.dev/v1alpha1").path("serverRelativeURL").asText();
    JsonNode doc = get(url, null);
    JsonNode patch = doc.path("paths").elements().next().path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("ProfileSession");
    assertThat(patch.path("parameters").get(0).path("name").asText()).isEqualTo("fieldValidation");
  }

  @Test
  void profileSessionsComeAsATableWithThePrinterColumns() throws Exception {
    api.client().resource(Sessions.byPodName("shop", "checkout-slow", "web")).create();

    JsonNode table = get("/apis/pyrometer.dev/v1alpha1/namespaces/shop/profilesessions", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE", "REASON", "ARTIFACT");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(0).asText()).isEqualTo("checkout-slow");
    assertThat(cells.get(1).asText()).isEqualTo("offcpu");
    assertThat(cells.get(6).asText()).matches("\\d+s");
  }

  @Test
  void eventsAreFilteredByTheirInvolvedObject() throws Exception {
    for (String name : new String[] {"a", "b"}) {
      api.client().v1().events().inNamespace("shop").resource(new EventBuilder().withNewMetadata().withName(name + ".1").endMetadata()
          .withNewInvolvedObject().withKind("ProfileSession").withName(name).withNamespace("shop").withUid("uid-" + name).endInvolvedObject()
          .withReason("Tested").build()).create();
    }
    String selector = URLEncoder.encode("involvedObject.uid=uid-a,involvedObject.name=a,involvedObject.namespace=shop,involvedObject.kind=ProfileSession", StandardCharsets.UTF_8);

    JsonNode list = get("/api/v1/namespaces/shop/events?fieldSelector=" + selector + "&limit=500", null);

    assertThat(list.path("kind").asText()).isEqualTo("EventList");
    assertThat(list.path("items").findValuesAsText("name")).contains("a.1").doesNotContain("b.1");
  }
}
