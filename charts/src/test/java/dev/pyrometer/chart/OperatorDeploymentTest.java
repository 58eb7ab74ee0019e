package dev.pyrometer.chart;

import static dev.pyrometer.chart.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator Deployment: configuration from values, credentials only through the Secret, no privilege. */
class OperatorDeploymentTest {

    @Test
    void takesStorageCredentialsOnlyFromTheNamedSecret() {
        JsonNode operator = operatorContainer(HelmChart.render(Map.of("storage", Map.of("credentials",
                Map.of("secretName", "minio-creds", "accessKeyKey", "user", "secretKeyKey", "password")))));

        assertThat(secretRef(operator, "PYROMETER_STORAGE_ACCESS_KEY")).isEqualTo("minio-creds/user");
        assertThat(secretRef(operator, "PYROMETER_STORAGE_SECRET_KEY")).isEqualTo("minio-creds/password");
        for (JsonNode env : operator.path("env")) {
            if (env.path("name").asText().matches("(?i).*(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL).*")) {
                assertThat(env.has("value")).as("%s has an inline value", env.path("name").asText()).isFalse();
                assertThat(env.path("valueFrom").has("secretKeyRef")).as(env.path("name").asText()).isTrue();
            }
        }
    }

    @Test
    void createsNoSecretOrConfigMapThatCouldCarryCredentials() {
        Manifests manifests = HelmChart.render(Map.of());

        assertThat(manifests.ofKind("Secret")).as("the chart creates no Secret").isEmpty();
        assertThat(manifests.ofKind("ConfigMap")).as("the chart creates no ConfigMap").isEmpty();
    }

    @Test
    void passesTheOperatorAndThePodStorageEndpointsSeparately() {
        JsonNode operator = operatorContainer(HelmChart.render(Map.of("storage", Map.of(
                "endpoint", "http://minio.storage.svc:9000",
                "podEndpoint", "https://s3.example.test",
                "region", "eu-central-1",
                "bucket", "profiles",
                "prefix", "team-a/profiles",
                "uploadUrlMargin", "15m"))));

        assertThat(env(operator, "PYROMETER_STORAGE_ENDPOINT")).isEqualTo("http://minio.storage.svc:9000");
        assertThat(env(operator, "PYROMETER_STORAGE_POD_ENDPOINT")).isEqualTo("https://s3.example.test");
        assertThat(env(operator, "PYROMETER_STORAGE_REGION")).isEqualTo("eu-central-1");
        assertThat(env(operator, "PYROMETER_STORAGE_BUCKET")).isEqualTo("profiles");
        assertThat(env(operator, "PYROMETER_STORAGE_PREFIX")).isEqualTo("team-a/profiles");
        assertThat(env(operator, "PYROMETER_STORAGE_UPLOAD_URL_MARGIN")).isEqualTo("15m");
    }

    @Test
    void presignsForTheOperatorEndpointWhenPodsReachStorageTheSameWay() {
        JsonNode operator = operatorContainer(HelmChart.render(Map.of("storage", Map.of("endpoint", "https://s3.example.test"))));

        assertThat(env(operator, "PYROMETER_STORAGE_POD_ENDPOINT")).isEqualTo("https://s3.example.test");
    }

    @Test
    void pinsBothImagesToTheChartAppVersionByDefault() throws IOException {
        String appVersion = new YAMLMapper().readTree(HelmChart.chartDir().resolve("Chart.yaml").toFile())
                .path("appVersion").asText();
        JsonNode operator = operatorContainer(HelmChart.render(Map.of()));

        assertThat(operator.path("image").asText()).isEqualTo("ghcr.io/pyrometer/pyrometer-operator:" + appVersion);
        assertThat(env(operator, "PYROMETER_AGENT_IMAGE")).isEqualTo("ghcr.io/pyrometer/pyrometer-agent:" + appVersion);
    }

    @Test
    void usesCustomImagesAndPrefersDigestsOverTags() {
        String digest = "sha256:" + "ab".repeat(32);
        JsonNode operator = operatorContainer(HelmChart.render(Map.of(
                "operator", Map.of("image", Map.of("repository", "registry.local/pyro-op", "tag", "dev")),
                "agent", Map.of("image", Map.of("repository", "registry.local/pyro-agent", "tag", "dev",
                        "digest", digest, "pullPolicy", "Always")))));

        assertThat(operator.path("image").asText()).isEqualTo("registry.local/pyro-op:dev");
        assertThat(env(operator, "PYROMETER_AGENT_IMAGE")).isEqualTo("registry.local/pyro-agent@" + digest);
        assertThat(env(operator, "PYROMETER_AGENT_IMAGE_PULL_POLICY")).isEqualTo("Always");
    }

    @Test
    void watchesAllNamespacesUnlessGivenAList() {
        assertThat(env(operatorContainer(HelmChart.render(Map.of())), "QUARKUS_OPERATOR_SDK_CONTROLLERS_PROFILESESSION_NAMESPACES"))
                .isEqualTo("JOSDK_ALL_NAMESPACES");
        assertThat(env(operatorContainer(HelmChart.render(Map.of("watchNamespaces", List.of("shop", "payments")))),
                "QUARKUS_OPERATOR_SDK_CONTROLLERS_PROFILESESSION_NAMESPACES"))
                .isEqualTo("shop,payments");
    }

    @Test
    void passesTheEphemeralContainerLimitPerPodAndTheFinishGrace() {
        JsonNode operator = operatorContainer(HelmChart.render(Map.of("agent",
                Map.of("maxEphemeralContainersPerPod", 7, "finishGrace", "90s"))));

        assertThat(env(operator, "PYROMETER_EPHEMERAL_CONTAINER_LIMIT")).isEqualTo("7");
        assertThat(env(operator, "PYROMETER_FINISH_GRACE")).isEqualTo("90s");
    }

    @Test
    void runsTwoUnprivilegedReplicasByDefault() {
        JsonNode deployment = HelmChart.render(Map.of()).single("Deployment");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.path("securityContext").path("privileged").asBoolean(false)).isFalse();
        assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).contains("ALL");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo(FULLNAME);
    }

    @Test
    void exposesMetricsOfTheOperatorPodsThroughAService() {
        Manifests manifests = HelmChart.render(Map.of());
        JsonNode service = manifests.named("Service", FULLNAME + "-metrics");
        JsonNode podLabels = manifests.single("Deployment").path("spec").path("template").path("metadata").path("labels");
        JsonNode operator = operatorContainer(manifests);

        service.path("spec").path("selector").fields().forEachRemaining(selector ->
                assertThat(podLabels.path(selector.getKey()).asText()).as(selector.getKey()).isEqualTo(selector.getValue().asText()));
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(operator.path("ports").get(0).path("name").asText()).isEqualTo("http");
        assertThat(operator.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
        assertThat(HelmChart.render(Map.of("metrics", Map.of("service", Map.of("enabled", false)))).ofKind("Service"))
                .as("only the console's Service is left").extracting(s -> s.path("metadata").path("name").asText())
                .containsExactly(FULLNAME);
    }

    @Test
    void appendsExtraEnvironmentAfterTheChartsOwn() {
        JsonNode operator = operatorContainer(HelmChart.render(Map.of(
                "operator", Map.of("extraEnv", List.of(Map.of("name", "QUARKUS_LOG_LEVEL", "value", "DEBUG"))))));

        assertThat(env(operator, "QUARKUS_LOG_LEVEL")).isEqualTo("DEBUG");
    }

    static JsonNode operatorContainer(Manifests manifests) {
        return manifests.single("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    }

    static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }

    private static String secretRef(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                return ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }
}
