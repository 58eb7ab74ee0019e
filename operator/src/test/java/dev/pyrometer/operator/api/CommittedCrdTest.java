package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD YAML (crds/ and its copy in the chart) must be what the api classes generate.
 * Regenerate both with {@code mvn -pl operator -am test -Dtest=CommittedCrdTest
 * -Dpyrometer.crds.update=true}.
 */
class CommittedCrdTest {
  private static final String UPDATE = "pyrometer.crds.update";

  @Test
  void committedCrdsMatchTheApiClasses() throws IOException {
    String generated = ProfileSessionCrd.generate();
    Path root = ProfileSessionCrd.repositoryRoot();
    for (Path copy :
        List.of(
            root.resolve("crds").resolve(ProfileSessionCrd.FILE_NAME),
            root.resolve("charts/pyrometer/crds").resolve(ProfileSessionCrd.FILE_NAME))) {
      if (Boolean.getBoolean(UPDATE)) {
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, generated);
      }
      assertThat(copy)
          .as(
              "%s is stale: regenerate with mvn -pl operator -am test -Dtest=CommittedCrdTest"
                  + " -Dsurefire.failIfNoSpecifiedTests=false -D%s=true",
              root.relativize(copy), UPDATE)
          .exists()
          .hasContent(generated);
    }
  }

  @Test
  void printerColumnsAreInTheOrderKubectlShouldShowThem() {
    CustomResourceDefinition crd =
        Serialization.unmarshal(ProfileSessionCrd.generate(), CustomResourceDefinition.class);
    List<String> columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
            .map(c -> c.getName() + (c.getPriority() == 0 ? "" : "/" + c.getPriority()))
            .toList();
    assertThat(columns)
        .containsExactly(
            "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE", "REASON/1", "ARTIFACT/1");
  }
}
