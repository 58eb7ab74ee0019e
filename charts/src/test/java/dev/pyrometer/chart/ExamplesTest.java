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
        JsonNode schema = ChartCrds.schema(ChartCrds.fromChart(ChartCrds.SESSIONS), "v1alpha1");
        List<Path> sessions = sessionFiles();

        assertThat(sessions).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : sessions) {
            assertThat(validator.validate(read(file), schema)).as("%s", file.getFileName()).isEmpty();
        }
    }

    @Test
    void validatorRefusesWhatTheApiServerWould() {
        JsonNode schema = ChartCrds.schema(ChartCrds.fromChart(ChartCrds.SESSIONS), "v1alpha1");
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
            assertThat(target.path("container").asText()).as("%s", file.getFileName()).isEqualTo(container);
            target.path("podSelector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(podTemplate.path("metadata").path("labels").path(label.getKey()).asText())
                            .as("%s selects label %s", file.getFileName(), label.getKey())
                            .isEqualTo(label.getValue().asText()));
        }
    }

    @Test
    void demoNamespaceAdmitsTheProfilerAndThePodLeavesItMemory() {
        JsonNode namespace = read(EXAMPLES.resolve("demo-namespace.yaml"));
        JsonNode deployment = readAll(EXAMPLES.resolve("demo-deployment.yaml")).stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        String memoryLimit = deployment.path("spec").path("template").path("spec").path("containers").get(0)
                .path("resources").path("limits").path("memory").asText();

        assertThat(namespace.path("kind").asText()).isEqualTo("Namespace");
        assertThat(namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())
                .isEqualTo("privileged");
        assertThat(memoryLimit).matches("\\d+Mi");
        assertThat(Integer.parseInt(memoryLimit.replace("Mi", ""))).as("MiB for app + profiler JVM").isGreaterThanOrEqualTo(384);
    }

    @Test
    void theLoadGeneratorRunsInAContainerOfItsOwnSoTheProfilerSeesOnlyTheService() {
        JsonNode deployment = readAll(EXAMPLES.resolve("demo-deployment.yaml")).stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        String profiled = read(EXAMPLES.resolve("profilesession.yaml")).path("spec").path("target").path("container").asText();

        assertThat(containers).hasSize(2);
        JsonNode app = containers.get(0);
        JsonNode load = containers.get(1);
        assertThat(app.path("name").asText()).isEqualTo(profiled);
        assertThat(texts(app.path("command"))).contains("/app/demo_app.py", "--no-load");
        assertThat(texts(load.path("command"))).contains("/app/demo_app.py", "--load");
        assertThat(deployment.path("spec").path("template").path("spec").path("shareProcessNamespace").asBoolean())
                .as("a shared PID namespace would put the load generator back in the profiler's view").isFalse();
        // the selector example's processMatch matches the service's command line
        String match = read(EXAMPLES.resolve("profilesession-selector.yaml")).path("spec").path("target").path("processMatch").asText();
        assertThat(java.util.regex.Pattern.compile(match).matcher(String.join(" ", texts(app.path("command")))).find()).isTrue();
    }

    @Test
    void noExampleNamesANamespaceButTheNamespaceItselfAndTheKustomization() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : readAll(file)) {
                    String kind = doc.path("kind").asText();
                    if (kind.equals("Namespace") || kind.equals("Kustomization")) {
                        continue;
                    }
                    assertThat(doc.path("metadata").has("namespace"))
                            .as("%s hard-codes a namespace: kubectl apply -n NS -f would fail", file.getFileName()).isFalse();
                }
            }
        }
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
        assertThat(kustomization.path("namespace").asText()).as("the kustomization puts the demo in the Namespace it creates")
                .isEqualTo(read(EXAMPLES.resolve("demo-namespace.yaml")).path("metadata").path("name").asText());
        assertThat(texts(kustomization.path("resources"))).contains("demo-namespace.yaml", "demo-deployment.yaml");
        for (JsonNode resource : kustomization.path("resources")) {
            assertThat(EXAMPLES.resolve(resource.asText())).exists();
        }
        for (JsonNode file : generator.path("files")) {
            requirePresent(EXAMPLES.resolve(file.asText()));
        }
    }

    @Test
    void everyFileTheReadmesKubectlLinesNameExists() throws IOException {
        Path root = RepositoryPaths.root();
        java.util.regex.Pattern fileArg = java.util.regex.Pattern.compile("(?:-f|-k)\\s+((?:examples|charts)/[\\w./-]*)");
        int found = 0;
        for (Path readme : List.of(root.resolve("README.md"), EXAMPLES.resolve("README.md"), root.resolve("charts/pyrometer/README.md"))) {
            for (String line : Files.readAllLines(readme)) {
                if (!line.contains("kubectl")) {
                    continue;
                }
                java.util.regex.Matcher m = fileArg.matcher(line);
                while (m.find()) {
                    found++;
                    assertThat(root.resolve(m.group(1))).as("%s: %s", root.relativize(readme), line.strip()).exists();
                }
            }
        }
        assertThat(found).as("kubectl -f/-k lines in the READMEs").isGreaterThanOrEqualTo(6);
    }

    @Test
    void theReadmesKubernetesSectionGoesFromNothingToASession() throws IOException {
        String readme = Files.readString(RepositoryPaths.root().resolve("README.md"));
        String section = readme.substring(readme.indexOf("## On Kubernetes"), readme.indexOf("**Without a cluster**"));

        assertThat(section).contains("create secret generic pyrometer-storage")
                .contains("helm install pyrometer charts/pyrometer")
                .contains("kubectl apply -k examples/")
                .contains("get pod -l app=checkout")
                .contains("-n pyrometer-demo apply -f -");
        // the Secret's name and keys are what the chart reads by default
        JsonNode credentials = HelmChart.defaultValues().path("storage").path("credentials");
        assertThat(section).contains("create secret generic " + credentials.path("secretName").asText())
                .contains("--from-literal=" + credentials.path("accessKeyKey").asText() + "=")
                .contains("--from-literal=" + credentials.path("secretKeyKey").asText() + "=");
        // the placeholder the sed replaces is the example's pod name
        assertThat(section).contains("s/" + read(EXAMPLES.resolve("profilesession.yaml")).path("spec").path("target").path("podName").asText() + "/");
    }

    @Test
    void theChartReadmesCrdUpgradeWorksAfterAClientSideApply() throws IOException {
        String readme = Files.readString(HelmChart.chartDir().resolve("README.md"));
        assertThat(readme).contains("kubectl apply --server-side --force-conflicts -f charts/pyrometer/crds/");
        assertThat(readme).doesNotContainPattern("apply --server-side -f charts/pyrometer/crds");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
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
