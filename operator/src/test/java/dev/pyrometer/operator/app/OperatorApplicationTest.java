package dev.pyrometer.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator as Quarkus runs it (CDI wiring, config mapping, QOSDK registration, Micrometer):
 * a session applied to the cluster succeeds, and the metrics endpoint counts it.
 */
@QuarkusTest
@QuarkusTestResource(value = TestClusterResource.class, restrictToAnnotatedClass = true)
class OperatorApplicationTest {
  @TestHTTPResource("/q/metrics")
  URI metrics;

  @Test
  void reconcilesASessionAndExposesItsMetrics() throws Exception {
    KubernetesClient client = TestClusterResource.api.client();
    TestClusterResource.api.createNamespace("shop", Map.of());
    TestClusterResource.agent.script(launch -> ScriptedAgent.Outcome.succeeds());
    Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));

    ProfileSession done = SessionAssert.awaitPhase(
        client, client.resource(Sessions.byPodName("shop", "checkout-slow", "web")).create(), Phase.SUCCEEDED, Duration.ofSeconds(60));

    assertThat(done.getStatus().getTop()).isEqualTo(ScriptedAgent.TOP);
    EphemeralContainer profiler = client.pods().inNamespace("shop").withName("web").get().getSpec().getEphemeralContainers().get(0);
    assertThat(profiler.getImage()).as("pinned per release by default").startsWith("ghcr.io/pyrometer/pyrometer-agent:");
    String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(text)
        .contains("pyrometer_sessions{phase=\"Succeeded\"} 1.0")
        .contains("pyrometer_sessions_finished_total{phase=\"Succeeded\",reason=\"Completed\"} 1.0")
        .containsPattern("pyrometer_reconcile_seconds_count\\{outcome=\"updated\"\\} [1-9]")
        // and JOSDK's own, through quarkus-operator-sdk's Micrometer support
        .contains("operator_sdk_reconciliations_success_total");
  }
}
