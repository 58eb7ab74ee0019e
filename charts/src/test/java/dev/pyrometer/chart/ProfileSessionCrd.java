package dev.pyrometer.chart;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The ProfileSession CRD the chart ships in crds/ (generated and copied there by the operator build). */
final class ProfileSessionCrd {

    static final String NAME = "profilesessions.pyrometer.dev";
    static final Path CHART_CRDS = HelmChart.chartDir().resolve("crds");

    private ProfileSessionCrd() {
    }

    /** The CRD from the chart (the operator's build copies it there). */
    static JsonNode fromChart() {
        Optional<Path> file = find(CHART_CRDS);
        if (file.isEmpty()) {
            String message = "no CustomResourceDefinition " + NAME + " in " + CHART_CRDS
                    + " (the operator build copies it there)";
            fail(message);
        }
        return read(file.get());
    }

    static Optional<Path> find(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            return yamls.stream().filter(f -> NAME.equals(read(f).path("metadata").path("name").asText())).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of a version. */
    static JsonNode schema(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                return v.path("schema").path("openAPIV3Schema");
            }
        }
        throw new AssertionError("CRD has no version " + version);
    }

    static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
