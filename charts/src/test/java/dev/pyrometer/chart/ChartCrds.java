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

/** The CRDs the chart ships in crds/ (generated and copied there by the operator's CommittedCrdTest). */
final class ChartCrds {

    static final String SESSIONS = "profilesessions.pyrometer.dev";
    static final String SCHEDULES = "profileschedules.pyrometer.dev";
    static final Path CHART_CRDS = HelmChart.chartDir().resolve("crds");

    private ChartCrds() {
    }

    /** The CRD of that name from the chart. */
    static JsonNode fromChart(String name) {
        Optional<Path> file = find(CHART_CRDS, name);
        if (file.isEmpty()) {
            String message = "no CustomResourceDefinition " + name + " in " + CHART_CRDS
                    + " (the operator's CommittedCrdTest writes it there)";
            fail(message);
        }
        return read(file.get());
    }

    static Optional<Path> find(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            return yamls.stream().filter(f -> name.equals(read(f).path("metadata").path("name").asText())).findFirst();
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
