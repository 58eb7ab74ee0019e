package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chart installs both CRDs, ProfileSession and ProfileSchedule, the same ones the operator generates. */
class ChartCrdTest {

    @Test
    void shipsANamespacedProfileSessionCrdWithStatusSubresource() {
        JsonNode crd = ChartCrds.fromChart(ChartCrds.SESSIONS);
        JsonNode spec = crd.path("spec");
        JsonNode v1alpha1 = spec.path("versions").get(0);

        assertThat(spec.path("group").asText()).isEqualTo("pyrometer.dev");
        assertThat(spec.path("names").path("kind").asText()).isEqualTo("ProfileSession");
        assertThat(spec.path("names").path("shortNames").toString()).contains("\"profs\"");
        assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(v1alpha1.path("name").asText()).isEqualTo("v1alpha1");
        assertThat(v1alpha1.path("served").asBoolean()).isTrue();
        assertThat(v1alpha1.path("storage").asBoolean()).isTrue();
        assertThat(v1alpha1.path("subresources").has("status")).isTrue();
    }

    @Test
    void helmInstallsBothCrdsFromTheChartsCrdsDirectory() {
        // `helm show crds`: what Helm loads from crds/ and applies before the templates on install.
        // It joins the files as they are, so each must start its own YAML document: without that a
        // reader of its output (kubectl apply -f -, this parser) saw one CRD, the last.
        Manifests crds = Manifests.parse(new Helm(HelmChart.chartDir()).show().crds().call());

        assertThat(crds.ofKind("CustomResourceDefinition"))
                .extracting(c -> c.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder(ChartCrds.SESSIONS, ChartCrds.SCHEDULES);
        assertThat(crds.named("CustomResourceDefinition", ChartCrds.SCHEDULES).path("spec").path("names").path("kind").asText())
                .isEqualTo("ProfileSchedule");
        assertThat(crds.named("CustomResourceDefinition", ChartCrds.SESSIONS))
                .isEqualTo(ChartCrds.fromChart(ChartCrds.SESSIONS));
    }

    @Test
    void bothCrdsAreTheOnesCommittedAtTheRepositoryRoot() {
        for (String name : new String[] {ChartCrds.SESSIONS, ChartCrds.SCHEDULES}) {
            JsonNode inChart = ChartCrds.fromChart(name);
            Optional<Path> atRoot = ChartCrds.find(RepositoryPaths.root().resolve("crds"), name);

            assertThat(atRoot).as("crds/ holds %s", name).isPresent();
            assertThat(ChartCrds.read(atRoot.get())).as(name).isEqualTo(inChart);
        }
    }
}
