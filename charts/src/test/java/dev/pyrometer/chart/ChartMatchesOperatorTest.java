package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the chart configures exists in the operator it deploys (operator/ in this repository). */
class ChartMatchesOperatorTest {

    private static final Path OPERATOR = RepositoryPaths.root().resolve("operator");

    @Test
    void everyPyrometerSettingTheChartPassesIsOneTheOperatorReads() {
        String configSources = operatorConfigSources();
        JsonNode container = OperatorDeploymentTest.operatorContainer(HelmChart.render(Map.of()));
        List<String> unknown = new ArrayList<>();

        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (name.startsWith("PYROMETER_") && !isConfigMappingMethodPath(configSources, name)
                    && !configPropertyEnvNames().contains(name)) {
                unknown.add(name);
            }
        }

        assertThat(unknown).as("PYROMETER_* variables with no matching @ConfigMapping method or @ConfigProperty in %s", OPERATOR).isEmpty();
    }

    @Test
    void watchedNamespacesGoToEveryControllerWhoseNamespacesTheOperatorConfigures() throws IOException {
        Path properties = OPERATOR.resolve("src/main/resources/application.properties");
        requirePresent(properties);
        JsonNode container = OperatorDeploymentTest.operatorContainer(HelmChart.render(Map.of("watchNamespaces", List.of("shop"))));
        List<String> controllerKeys = Files.readAllLines(properties).stream()
                .map(String::strip)
                .filter(line -> line.matches("quarkus\\.operator-sdk\\.controllers\\.[a-z0-9-]+\\.namespaces\\s*=.*"))
                .map(line -> line.substring(0, line.indexOf('=')).strip())
                .toList();

        assertThat(controllerKeys).as("controller namespace settings in %s", properties).isNotEmpty();
        for (String key : controllerKeys) {
            String env = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            assertThat(OperatorDeploymentTest.env(container, env)).as("%s (overrides %s)", env, key).isEqualTo("shop");
        }
    }

    @Test
    void probesUseHealthEndpointsTheOperatorServes() throws IOException {
        Path pom = OPERATOR.resolve("pom.xml");
        requirePresent(pom);

        assertThat(HelmChart.defaultValues().path("operator").path("probes").path("enabled").asBoolean()).isTrue();
        assertThat(Files.readString(pom))
                .as("/q/health/{started,live} come from quarkus-smallrye-health")
                .contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }

    /**
     * PYROMETER_STORAGE_POD_ENDPOINT is read by Quarkus as pyrometer.storage.pod-endpoint: some
     * split of the words into groups and a leaf must name methods storage() and podEndpoint().
     */
    private static boolean isConfigMappingMethodPath(String sources, String envName) {
        String[] words = envName.substring("PYROMETER_".length()).toLowerCase(Locale.ROOT).split("_");
        return splits(words, 0, sources);
    }

    private static boolean splits(String[] words, int from, String sources) {
        for (int end = from + 1; end <= words.length; end++) {
            String method = camel(words, from, end) + "()";
            if (sources.contains(method) && (end == words.length || splits(words, end, sources))) {
                return true;
            }
        }
        return false;
    }

    private static String camel(String[] words, int from, int end) {
        StringBuilder name = new StringBuilder(words[from]);
        for (int i = from + 1; i < end; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    /** Settings read with @ConfigProperty(name = "pyrometer.x.y"), as Quarkus maps them from the environment. */
    private static List<String> configPropertyEnvNames() {
        Path main = OPERATOR.resolve("src/main/java");
        java.util.regex.Pattern property = java.util.regex.Pattern.compile("@ConfigProperty\\(name = \"(pyrometer\\.[^\"]+)\"");
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(ChartMatchesOperatorTest::read)
                    .flatMap(text -> property.matcher(text).results().map(m -> m.group(1)))
                    .map(key -> key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String operatorConfigSources() {
        Path main = OPERATOR.resolve("src/main/java");
        requirePresent(main);
        try (Stream<Path> files = Files.walk(main)) {
            String sources = files.filter(f -> f.toString().endsWith(".java"))
                    .map(ChartMatchesOperatorTest::read)
                    .filter(text -> text.contains("@ConfigMapping"))
                    .collect(Collectors.joining("\n"));
            assertThat(sources).as("@ConfigMapping interfaces under %s", main).isNotEmpty();
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requirePresent(Path path) {
        if (!Files.exists(path)) {
            fail("missing " + path);
        }
    }
}
