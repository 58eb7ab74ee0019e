package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json turns mistakes into install-time errors instead of silently ignored values. */
class ValuesSchemaTest {

    @Test
    void rejectsAMisspelledKey() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("watchNamespace", List.of("shop"))))
                .hasMessageContaining("watchNamespace");
    }

    @Test
    void rejectsCredentialsGivenAsValues() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("storage", Map.of("credentials", Map.of("secretKey", "hunter2")))))
                .hasMessageContaining("secretKey");
    }

    @Test
    void rejectsAValueOfTheWrongType() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("agent", Map.of("maxEphemeralContainersPerPod", "many"))))
                .hasMessageContaining("maxEphemeralContainersPerPod");
    }

    @Test
    void rejectsAnInvalidNamespaceName() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("watchNamespaces", List.of("Shop_Prod"))))
                .hasMessageContaining("watchNamespaces");
    }

    @Test
    void rejectsAnEndpointWithoutScheme() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("storage", Map.of("endpoint", "minio:9000"))))
                .hasMessageContaining("endpoint");
    }

    @Test
    void rejectsAPrefixWithASlashAtEitherEnd() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("storage", Map.of("prefix", "profiles/"))))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> HelmChart.render(Map.of("storage", Map.of("prefix", "/profiles"))))
                .hasMessageContaining("prefix");
    }

    @Test
    void rejectsDenyTogetherWithWarnAsKubernetesWould() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("admissionPolicy", Map.of("validationActions", List.of("Deny", "Warn")))))
                .hasMessageContaining("validationActions");
    }

    @Test
    void rejectsAnAgentImageAllowListEntryThatCouldBreakOutOfTheCelExpression() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("admissionPolicy",
                Map.of("allowedAgentImages", List.of("evil') || true || ('")))))
                .hasMessageContaining("allowedAgentImages");
    }
}
