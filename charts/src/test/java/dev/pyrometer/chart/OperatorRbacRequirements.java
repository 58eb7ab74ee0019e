package dev.pyrometer.chart;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The RBAC the operator says it uses: its own requirements file, or the test stand-in before it exists. */
final class OperatorRbacRequirements {

    static final Path OPERATOR_FILE = Path.of("operator/src/main/resources/rbac-requirements.yaml");
    private static final String STAND_IN = "/rbac-requirements.yaml";

    private OperatorRbacRequirements() {
    }

    static Set<Grant> load() {
        Path operatorFile = RepositoryPaths.root().resolve(OPERATOR_FILE);
        try {
            if (Files.isRegularFile(operatorFile)) {
                return Grant.allIn(new YAMLMapper().readTree(operatorFile.toFile()));
            }
            try (InputStream in = OperatorRbacRequirements.class.getResourceAsStream(STAND_IN)) {
                return Grant.allIn(new YAMLMapper().readTree(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@link #load()} read from, for failure messages. */
    static String source() {
        Path operatorFile = RepositoryPaths.root().resolve(OPERATOR_FILE);
        return Files.isRegularFile(operatorFile) ? operatorFile.toString() : "test stand-in " + STAND_IN;
    }
}
