package dev.pyrometer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
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
import java.util.function.Consumer;

/**
 * One CRD's YAML generated from the api classes with Fabric8's CRD generator, as it is committed
 * under crds/ and charts/pyrometer/crds/: the printer columns in the order they are declared on the
 * resource class (the generator sorts them by name, and kubectl shows them in CRD order), and the
 * file opened with a YAML document marker ({@code ---}), so that files joined together stay
 * separate documents: {@code helm show crds} joins the chart's CRD files with nothing between them
 * (helm/helm#11261), and without the marker a reader of its output sees one CRD, the last.
 */
final class GeneratedCrd {
  static final String DOCUMENT_START = "---\n";

  private GeneratedCrd() {}

  /**
   * @param adjust a change to each generated version beyond the column order, e.g. a rule the
   *     generator copies where it does not apply
   */
  static String generate(Class<? extends HasMetadata> type, Consumer<CustomResourceDefinitionVersion> adjust) {
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    new CRDGenerator()
        .customResourceClasses(type)
        .forCRDVersions("v1")
        .withPostProcessor(new DeclaredColumnOrder(type, adjust))
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
    return DOCUMENT_START + yaml.toString(StandardCharsets.UTF_8);
  }

  /** The committed crds/ copy, as the chart installs it. */
  static CustomResourceDefinition committed(String fileName) {
    try {
      return Serialization.unmarshal(
          Files.readString(ProfileSessionCrd.repositoryRoot().resolve("crds").resolve(fileName)),
          CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record DeclaredColumnOrder(Class<? extends HasMetadata> type, Consumer<CustomResourceDefinitionVersion> adjust)
      implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      List<String> order =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion v : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        v.getAdditionalPrinterColumns()
            .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
        adjust.accept(v);
      }
      return crd;
    }
  }
}
