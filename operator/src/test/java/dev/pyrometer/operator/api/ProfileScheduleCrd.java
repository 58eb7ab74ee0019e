package dev.pyrometer.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/** The ProfileSchedule CRD: generated from the api classes ({@link GeneratedCrd}), and as committed. */
public final class ProfileScheduleCrd {
  /** The file name under crds/ and charts/pyrometer/crds/. */
  public static final String FILE_NAME = "profileschedules.pyrometer.dev-v1.yml";

  private ProfileScheduleCrd() {}

  public static String generate() {
    return GeneratedCrd.generate(ProfileSchedule.class, ProfileScheduleCrd::editableTemplate);
  }

  /** The committed crds/ copy, as the chart installs it. */
  public static CustomResourceDefinition committed() {
    return GeneratedCrd.committed(FILE_NAME);
  }

  /**
   * The generator copies ProfileSessionSpec's class-level immutability rule onto the template that
   * extends it; a schedule's template is edited in place (GitOps).
   */
  private static void editableTemplate(CustomResourceDefinitionVersion version) {
    JSONSchemaProps template =
        version.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("template");
    if (template.getXKubernetesValidations() != null) {
      template.getXKubernetesValidations().removeIf(rule -> rule.getRule().contains("oldSelf"));
      if (template.getXKubernetesValidations().isEmpty()) {
        template.setXKubernetesValidations(null);
      }
    }
  }
}
