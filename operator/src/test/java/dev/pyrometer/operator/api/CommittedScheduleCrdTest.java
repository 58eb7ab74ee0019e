package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed ProfileSchedule CRD (crds/ and the chart's copy) is what the api classes generate.
 * Regenerate with {@code mvn -pl operator -am test -Dtest=CommittedScheduleCrdTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpyrometer.crds.update=true}.
 */
class CommittedScheduleCrdTest {
  private static final String UPDATE = "pyrometer.crds.update";

  @Test
  void committedCrdsMatchTheApiClasses() throws IOException {
    String generated = ProfileScheduleCrd.generate();
    Path root = ProfileSessionCrd.repositoryRoot();
    for (Path copy :
        List.of(
            root.resolve("crds").resolve(ProfileScheduleCrd.FILE_NAME),
            root.resolve("charts/pyrometer/crds").resolve(ProfileScheduleCrd.FILE_NAME))) {
      if (Boolean.getBoolean(UPDATE)) {
        Files.writeString(copy, generated);
      }
      assertThat(copy)
          .as("%s is stale: regenerate with mvn -pl operator -am test -Dtest=CommittedScheduleCrdTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -D%s=true", root.relativize(copy), UPDATE)
          .exists()
          .hasContent(generated);
    }
  }

  @Test
  void printerColumnsAreTheIssues() {
    CustomResourceDefinition crd = Serialization.unmarshal(ProfileScheduleCrd.generate(), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("profsched");
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName() + (c.getPriority() == 0 ? "" : "/" + c.getPriority()))
        .containsExactly("SCHEDULE", "SUSPEND", "LAST", "NEXT", "INSIGHT", "AGE", "ACTIVE/1");
    assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void theTemplateIsEditableUnlikeASessionsSpec() {
    CustomResourceDefinition crd = Serialization.unmarshal(ProfileScheduleCrd.generate(), CustomResourceDefinition.class);
    JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    JSONSchemaProps template = spec.getProperties().get("template");
    // the session's own rules (target, duration...) apply to the template; its immutability does not
    assertThat(template.getProperties()).containsKeys("target", "mode", "duration", "rate", "startTimeout");
    assertThat(Serialization.asYaml(spec)).doesNotContain("oldSelf");
  }
}
