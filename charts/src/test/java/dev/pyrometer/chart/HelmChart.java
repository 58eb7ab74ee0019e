package dev.pyrometer.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the real Helm engine (helm-java) on charts/pyrometer with values given as maps. */
final class HelmChart {

    static final String RELEASE = "pyro";
    static final String NAMESPACE = "pyrometer-system";
    static final String FULLNAME = "pyro-pyrometer";
    /** helm-java's library renders for Kubernetes 1.20 unless told otherwise; 1.20 is below the chart's floor. */
    static final String KUBE_VERSION = "1.33.0";

    private static final YAMLMapper YAML = new YAMLMapper();

    private HelmChart() {
    }

    /** The chart directory: charts/pyrometer, next to this module's pom. */
    static Path chartDir() {
        return RepositoryPaths.root().resolve("charts/pyrometer");
    }

    static Manifests render(Map<String, ?> values) {
        return render(values, KUBE_VERSION);
    }

    /** {@code helm template pyro charts/pyrometer -n pyrometer-system --kube-version V -f values}. */
    static Manifests render(Map<String, ?> values, String kubeVersion) {
        Path valuesFile = writeTemp(YAML.valueToTree(values));
        try {
            String out = new Helm(chartDir()).template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(kubeVersion)
                    .withValuesFile(valuesFile)
                    .call();
            return Manifests.parse(out);
        } finally {
            deleteQuietly(valuesFile);
        }
    }

    /**
     * {@code helm lint --strict} of a copy of the chart whose values.yaml has the overrides merged
     * in: helm-java's lint takes no values file, and lint judges the chart's own values.yaml.
     */
    static LintResult lint(Map<String, ?> overrides) {
        Path copy = copyChart();
        try {
            ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
            merge(values, YAML.valueToTree(overrides));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(copy);
        }
    }

    /** Default values as Helm sees them (values.yaml). */
    static JsonNode defaultValues() {
        try {
            return YAML.readTree(chartDir().resolve("values.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, JsonNode overrides) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    /** Copies the chart to a fresh temp directory, keeping its name (helm lint checks it). */
    private static Path copyChart() {
        try {
            Path copy = Files.createTempDirectory("pyrometer-chart-").resolve("pyrometer");
            try (Stream<Path> files = Files.walk(chartDir())) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(chartDir().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeTemp(JsonNode values) {
        try {
            Path file = Files.createTempFile("pyrometer-values-", ".yaml");
            YAML.writeValue(file.toFile(), values);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    private static void deleteRecursively(Path dir) {
        Path top = dir.getParent();
        try (Stream<Path> files = Files.walk(top)) {
            files.sorted(Comparator.reverseOrder()).forEach(HelmChart::deleteQuietly);
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
