package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The ProfileSchedule CRD's own shape (its drift from the api classes: {@link CommittedCrdTest}). */
class CommittedScheduleCrdTest {

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
