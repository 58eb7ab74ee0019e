package dev.pyrometer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the ProfileSchedule CRD YAML from the api classes, printer columns in declared order
 * (as {@link ProfileSessionCrd} does for sessions).
 */
public final class ProfileScheduleCrd {
  /** The file name under crds/ and charts/pyrometer/crds/. */
  public static final String FILE_NAME = "profileschedules.pyrometer.dev-v1.yml";

  private ProfileScheduleCrd() {}

  public static String generate() {
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    new CRDGenerator()
        .customResourceClasses(ProfileSchedule.class)
        .forCRDVersions("v1")
        .withPostProcessor(new DeclaredColumnOrder())
        .withOutput(
            new CRDGenerator.CRDOutput<OutputStream>() {
              @Override
              public OutputStream outputFor(String crdName) {
                return yaml;
              }

              @Override
              public void close() {}
            })
        .generate();
    return yaml.toString(StandardCharsets.UTF_8);
  }

  /** The committed crds/ copy, as the chart installs it. */
  public static CustomResourceDefinition committed() {
    try {
      return Serialization.unmarshal(
          Files.readString(ProfileSessionCrd.repositoryRoot().resolve("crds").resolve(FILE_NAME)), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      List<String> order =
          Arrays.stream(ProfileSchedule.class.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion v : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        v.getAdditionalPrinterColumns()
            .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
        // the generator copies ProfileSessionSpec's class-level immutability rule onto the
        // template that extends it; a schedule's template is edited in place (GitOps)
        JSONSchemaProps template =
            v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("template");
        if (template.getXKubernetesValidations() != null) {
          template.getXKubernetesValidations().removeIf(rule -> rule.getRule().contains("oldSelf"));
          if (template.getXKubernetesValidations().isEmpty()) {
            template.setXKubernetesValidations(null);
          }
        }
      }
      return crd;
    }
  }
}
