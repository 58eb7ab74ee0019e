package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.reconcile.SessionPlan;
import dev.pyrometer.operator.reconcile.SpecValidator;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ProfileSession in examples/ reads into the api classes, passes the CRD schema, and makes
 * a valid plan for the operator: the examples users copy cannot drift from the classes.
 */
class ExamplesTest {
  private static List<Path> exampleYamls() throws IOException {
    try (Stream<Path> files = Files.list(ProfileSessionCrd.repositoryRoot().resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static List<String> documents(Path file) throws IOException {
    return Stream.of(Files.readString(file).split("(?m)^---\\s*$")).filter(d -> d.contains("kind:")).toList();
  }

  @Test
  void everyExampleSessionReadsIntoTheClassesAndPassesTheSchema() throws IOException {
    SpecValidator validator = new SpecValidator(TestingOperatorConfig.forStorage("http://s3"));
    int sessions = 0;
    for (Path file : exampleYamls()) {
      for (String yaml : documents(file)) {
        if (!yaml.contains("kind: ProfileSession")) {
          continue;
        }
        sessions++;
        ProfileSession session = Serialization.unmarshal(yaml, ProfileSession.class);
        assertThat(session.getApiVersion()).isEqualTo(ProfileSession.GROUP + "/" + ProfileSession.VERSION);
        assertThat(session.getMetadata().getName()).isNotBlank();
        assertThat(session.getSpec().getTarget()).as(file.getFileName().toString()).isNotNull();
        assertThat(CrdSchema.committed().create(yaml)).as(file.getFileName() + " against the CRD schema").isEmpty();
        SessionPlan plan = validator.validate(session.getSpec());
        assertThat(plan.mode()).isNotNull();
      }
    }
    assertThat(sessions).as("ProfileSessions in examples/").isGreaterThanOrEqualTo(3);
  }
}
