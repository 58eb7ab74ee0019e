package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} by the real Helm engine, with default and non-default values. */
class ChartLintTest {

    @Test
    void lintsCleanWithDefaultValues() {
        assertClean(HelmChart.lint(Map.of()));
    }

    @Test
    void lintsCleanWithWatchedNamespacesPinnedImagesAndCustomStorage() {
        assertClean(HelmChart.lint(Map.of(
                "watchNamespaces", List.of("shop", "payments"),
                "operator", Map.of("replicas", 1, "image", Map.of("digest", "sha256:" + "0f".repeat(32))),
                "agent", Map.of("image", Map.of("repository", "registry.local/agent", "tag", "dev")),
                "storage", Map.of("endpoint", "http://minio.storage.svc:9000", "podEndpoint", "http://10.0.0.5:9000",
                        "bucket", "profiles", "prefix", "", "uploadUrlMargin", "1h"),
                "admissionPolicy", Map.of("validationActions", List.of("Warn", "Audit"),
                        "allowedAgentImages", List.of("registry.local/")))));
    }

    @Test
    void lintFailsOnAValueOfTheWrongType() {
        LintResult result = HelmChart.lint(Map.of("operator", Map.of("replicas", "two")));

        assertThat(result.isFailed()).as("lint of replicas: \"two\"").isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("replicas");
    }

    @Test
    void lintFailsOnAnUnknownValueKey() {
        LintResult result = HelmChart.lint(Map.of("storage", Map.of("endpont", "http://typo:9000")));

        assertThat(result.isFailed()).as("lint of storage.endpont").isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("endpont");
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages())
                .as("lint findings other than the optional chart icon")
                .allMatch(m -> m.startsWith("[INFO]") && !m.contains("Fail:"));
    }
}
