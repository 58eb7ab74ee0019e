package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chart installs the ProfileSession CRD, the same one the operator generates. */
class ChartCrdTest {

    @Test
    void shipsANamespacedProfileSessionCrdWithStatusSubresource() {
        JsonNode crd = ProfileSessionCrd.fromChart();
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
    void helmInstallsTheCrdFromTheChartsCrdsDirectory() {
        ProfileSessionCrd.fromChart();
        // `helm show crds`: what Helm loads from crds/ and applies before the templates on install
        Manifests crds = Manifests.parse(new Helm(HelmChart.chartDir()).show().crds().call());

        assertThat(crds.ofKind("CustomResourceDefinition"))
                .extracting(c -> c.path("metadata").path("name").asText())
                .contains(ProfileSessionCrd.NAME);
    }

    @Test
    void isTheCrdCommittedAtTheRepositoryRoot() {
        JsonNode inChart = ProfileSessionCrd.fromChart();
        Optional<Path> atRoot = ProfileSessionCrd.find(RepositoryPaths.root().resolve("crds"));

        assertThat(atRoot).as("crds/ holds %s", ProfileSessionCrd.NAME).isPresent();
        assertThat(ProfileSessionCrd.read(atRoot.get())).isEqualTo(inChart);
    }
}
