package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples are valid for the CRD and fit the demo they are written for. */
class ExamplesTest {

    private static final Path EXAMPLES = RepositoryPaths.root().resolve("examples");
    private static final YAMLMapper YAML = new YAMLMapper();
    private final CrdSchemaValidator validator = new CrdSchemaValidator();

    @Test
    void everyProfileSessionExampleIsValidForTheCrd() {
        JsonNode schema = ProfileSessionCrd.schema(ProfileSessionCrd.fromChart(), "v1alpha1");
        List<Path> sessions = sessionFiles();

        assertThat(sessions).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : sessions) {
            assertThat(validator.validate(read(file), schema)).as("%s", file.getFileName()).isEmpty();
        }
    }

    @Test
    void validatorRefusesWhatTheApiServerWould() {
        JsonNode schema = ProfileSessionCrd.schema(ProfileSessionCrd.fromChart(), "v1alpha1");
        ObjectNode bothTargets = (ObjectNode) read(EXAMPLES.resolve("profilesession.yaml"));
        ((ObjectNode) bothTargets.path("spec").path("target")).set("podSelector", YAML.createObjectNode());
        ObjectNode tooLong = (ObjectNode) read(EXAMPLES.resolve("profilesession.yaml"));
        ((ObjectNode) tooLong.path("spec")).put("duration", "45m");
        ObjectNode misspelled = (ObjectNode) read(EXAMPLES.resolve("profilesession.yaml"));
        ((ObjectNode) misspelled.path("spec")).put("mdoe", "cpu");
        ObjectNode badMode = (ObjectNode) read(EXAMPLES.resolve("profilesession.yaml"));
        ((ObjectNode) badMode.path("spec")).put("mode", "gpu");

        assertThat(validator.validate(bothTargets, schema)).isNotEmpty();
        assertThat(validator.validate(tooLong, schema)).isNotEmpty();
        assertThat(validator.validate(misspelled, schema)).anyMatch(p -> p.contains("spec.mdoe"));
        assertThat(validator.validate(badMode, schema)).anyMatch(p -> p.contains("spec.mode"));
    }

    @Test
    void sessionsTargetTheDemoDeploymentsPodsAndContainer() {
        List<JsonNode> demo = readAll(EXAMPLES.resolve("demo-deployment.yaml"));
        JsonNode deployment = demo.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode podTemplate = deployment.path("spec").path("template");
        String container = podTemplate.path("spec").path("containers").get(0).path("name").asText();

        for (Path file : sessionFiles()) {
            JsonNode session = read(file);
            JsonNode target = session.path("spec").path("target");
            assertThat(session.path("metadata").path("namespace").asText()).as("%s", file.getFileName())
                    .isEqualTo(deployment.path("metadata").path("namespace").asText());
            assertThat(target.path("container").asText()).as("%s", file.getFileName()).isEqualTo(container);
            target.path("podSelector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(podTemplate.path("metadata").path("labels").path(label.getKey()).asText())
                            .as("%s selects label %s", file.getFileName(), label.getKey())
                            .isEqualTo(label.getValue().asText()));
        }
    }

    @Test
    void demoNamespaceAdmitsTheProfilerAndThePodLeavesItMemory() {
        List<JsonNode> demo = readAll(EXAMPLES.resolve("demo-deployment.yaml"));
        JsonNode namespace = demo.stream().filter(o -> o.path("kind").asText().equals("Namespace")).findFirst().orElseThrow();
        JsonNode deployment = demo.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        String memoryLimit = deployment.path("spec").path("template").path("spec").path("containers").get(0)
                .path("resources").path("limits").path("memory").asText();

        assertThat(namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())
                .isEqualTo("privileged");
        assertThat(memoryLimit).matches("\\d+Mi");
        assertThat(Integer.parseInt(memoryLimit.replace("Mi", ""))).as("MiB for app + profiler JVM").isGreaterThanOrEqualTo(384);
    }

    @Test
    void kustomizationGeneratesTheConfigMapTheDeploymentMounts() {
        JsonNode kustomization = read(EXAMPLES.resolve("kustomization.yaml"));
        JsonNode generator = kustomization.path("configMapGenerator").get(0);
        JsonNode deployment = readAll(EXAMPLES.resolve("demo-deployment.yaml")).stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode volume = deployment.path("spec").path("template").path("spec").path("volumes").get(0);

        assertThat(generator.path("name").asText()).isEqualTo(volume.path("configMap").path("name").asText());
        assertThat(kustomization.path("generatorOptions").path("disableNameSuffixHash").asBoolean()).isTrue();
        for (JsonNode resource : kustomization.path("resources")) {
            assertThat(EXAMPLES.resolve(resource.asText())).exists();
        }
        for (JsonNode file : generator.path("files")) {
            requirePresent(EXAMPLES.resolve(file.asText()));
        }
    }

    @Test
    void readmeDescribesEveryExampleFile() throws IOException {
        String readme = Files.readString(EXAMPLES.resolve("README.md"));
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals("README.md") && !name.startsWith("."))
                    .forEach(name -> assertThat(readme).as("examples/README.md mentions %s", name).contains("`" + name + "`"));
        }
    }

    private static List<Path> sessionFiles() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.getFileName().toString().matches("profilesession.*\\.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> readAll(Path file) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requirePresent(Path file) {
        if (!Files.exists(file)) {
            fail("missing " + file);
        }
    }
}
