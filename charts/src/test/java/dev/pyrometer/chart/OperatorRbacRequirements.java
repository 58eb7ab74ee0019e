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

    /**
     * Granted by Kubernetes itself to every authenticated user (ClusterRole system:basic-user), so
     * the chart does not grant them again.
     */
    static final Set<Grant> GRANTED_TO_EVERY_USER = Set.of(
            new Grant("authorization.k8s.io", "selfsubjectrulesreviews", "create"),
            new Grant("authorization.k8s.io", "selfsubjectaccessreviews", "create"));

    static Set<Grant> load() {
        Path operatorFile = RepositoryPaths.root().resolve(OPERATOR_FILE);
        try {
            if (Files.isRegularFile(operatorFile)) {
                Set<Grant> grants = Grant.allIn(new YAMLMapper().readTree(operatorFile.toFile()));
                grants.removeAll(GRANTED_TO_EVERY_USER);
                return grants;
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
