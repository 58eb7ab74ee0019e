package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD YAML of both resources (crds/ and its copy in the chart) must be what the api
 * classes generate. Regenerate with {@code mvn -pl operator -am test -Dtest=CommittedCrdTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpyrometer.crds.update=true}.
 */
class CommittedCrdTest {
  private static final String UPDATE = "pyrometer.crds.update";

  static Stream<Arguments> crds() {
    return Stream.of(
        Arguments.of(ProfileSessionCrd.FILE_NAME, (Supplier<String>) ProfileSessionCrd::generate),
        Arguments.of(ProfileScheduleCrd.FILE_NAME, (Supplier<String>) ProfileScheduleCrd::generate));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void committedCrdsMatchTheApiClasses(String fileName, Supplier<String> generator) throws IOException {
    String generated = generator.get();
    Path root = ProfileSessionCrd.repositoryRoot();
    for (Path copy : List.of(root.resolve("crds").resolve(fileName), root.resolve("charts/pyrometer/crds").resolve(fileName))) {
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
