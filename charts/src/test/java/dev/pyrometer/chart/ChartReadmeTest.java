package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chart README documents what the chart really has. */
class ChartReadmeTest {

    /** Values that are Kubernetes objects passed through whole: documented as one key. */
    private static final Set<String> OPAQUE = Set.of("resources", "podSecurityContext", "securityContext");

    @Test
    void documentsEveryValueKey() throws IOException {
        String readme = Files.readString(HelmChart.chartDir().resolve("README.md"));
        List<String> keys = new ArrayList<>();
        leafKeys("", HelmChart.defaultValues(), keys);

        assertThat(keys).hasSizeGreaterThan(30);
        assertThat(keys).allSatisfy(key -> assertThat(readme).as("README documents value %s", key).contains("`" + key + "`"));
    }

    @Test
    void namesEveryEnvironmentVariableTheChartPassesToTheOperator() throws IOException {
        String readme = Files.readString(HelmChart.chartDir().resolve("README.md"));
        JsonNode container = OperatorDeploymentTest.operatorContainer(HelmChart.render(Map.of()));

        for (JsonNode env : container.path("env")) {
            assertThat(readme).contains("`" + env.path("name").asText() + "`");
        }
    }

    private static void leafKeys(String prefix, JsonNode node, List<String> keys) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && value.size() > 0 && !OPAQUE.contains(field.getKey())) {
                leafKeys(key, value, keys);
            } else {
                keys.add(key);
            }
        }
    }
}
