package dev.pyrometer.chart;

import static dev.pyrometer.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web console's values: its Service, the optional Ingress, the proxy header, off when disabled. */
class ConsoleChartTest {

    @Test
    void servesTheConsoleByDefaultOnTheServiceTheConsoleApiNames() {
        Manifests manifests = HelmChart.render(Map.of());
        JsonNode service = manifests.named("Service", FULLNAME);
        JsonNode container = OperatorDeploymentTest.operatorContainer(manifests);

        assertThat(service.path("spec").path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(OperatorDeploymentTest.env(container, "PYROMETER_CONSOLE_ENABLED")).isEqualTo("true");
        assertThat(manifests.ofKind("Ingress")).as("no Ingress unless asked").isEmpty();
        assertThat(container.path("env").findValuesAsText("name")).doesNotContain("PYROMETER_CONSOLE_PROXY_TOKEN_HEADER");
    }

    @Test
    void disabledLeavesNoServiceNoIngressAndTellsTheOperator() {
        Manifests manifests = HelmChart.render(Map.of("console", Map.of("enabled", false, "ingress", Map.of("enabled", true))));

        assertThat(manifests.ofKind("Service")).extracting(s -> s.path("metadata").path("name").asText()).doesNotContain(FULLNAME);
        assertThat(manifests.ofKind("Ingress")).isEmpty();
        assertThat(OperatorDeploymentTest.env(OperatorDeploymentTest.operatorContainer(manifests), "PYROMETER_CONSOLE_ENABLED")).isEqualTo("false");
    }

    @Test
    void anIngressRoutesOnlyTheConsoleToItsService() {
        Manifests manifests = HelmChart.render(Map.of("console", Map.of("enabled", true, "ingress", Map.of(
                "enabled", true, "className", "nginx", "host", "profiles.example.test", "tlsSecretName", "profiles-tls",
                "annotations", Map.of("nginx.ingress.kubernetes.io/auth-url", "https://oauth2.example.test/oauth2/auth")))));
        JsonNode ingress = manifests.named("Ingress", FULLNAME + "-console");
        JsonNode rule = ingress.path("spec").path("rules").get(0);
        JsonNode path = rule.path("http").path("paths").get(0);

        assertThat(ingress.path("spec").path("ingressClassName").asText()).isEqualTo("nginx");
        assertThat(rule.path("host").asText()).isEqualTo("profiles.example.test");
        assertThat(path.path("path").asText()).isEqualTo("/console");
        assertThat(path.path("backend").path("service").path("name").asText()).isEqualTo(FULLNAME);
        assertThat(path.path("backend").path("service").path("port").path("name").asText()).isEqualTo("http");
        assertThat(ingress.path("spec").path("tls").get(0).path("secretName").asText()).isEqualTo("profiles-tls");
        assertThat(ingress.path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/auth-url").asText()).startsWith("https://oauth2");
    }

    @Test
    void passesTheAuthenticatingProxysTokenHeader() {
        JsonNode container = OperatorDeploymentTest.operatorContainer(HelmChart.render(Map.of("console", Map.of(
                "enabled", true, "proxyTokenHeader", "X-Forwarded-Access-Token"))));

        assertThat(OperatorDeploymentTest.env(container, "PYROMETER_CONSOLE_PROXY_TOKEN_HEADER")).isEqualTo("X-Forwarded-Access-Token");
    }
}
