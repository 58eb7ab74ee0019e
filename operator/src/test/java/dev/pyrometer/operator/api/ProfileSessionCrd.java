package dev.pyrometer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the ProfileSession CRD YAML from the api classes with Fabric8's CRD generator, with
 * the printer columns in the order they are declared on {@link ProfileSession} (the generator
 * sorts them by name, and kubectl shows them in CRD order).
 */
public final class ProfileSessionCrd {
  /** The file name under crds/ and charts/pyrometer/crds/. */
  public static final String FILE_NAME = "profilesessions.pyrometer.dev-v1.yml";

  private ProfileSessionCrd() {}

  public static String generate() {
    ByteArrayOutputStream yaml = new ByteArrayOutputStream();
    new CRDGenerator()
        .customResourceClasses(ProfileSession.class)
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

  /** The repository root (the directory holding crds/), from the operator module's directory. */
  public static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (p.resolve("crds").toFile().isDirectory() && p.resolve("operator").toFile().isDirectory()) {
        return p;
      }
    }
    throw new UncheckedIOException(new IOException("no crds/ directory above " + here));
  }

  private static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      List<String> order =
          Arrays.stream(ProfileSession.class.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion v : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        v.getAdditionalPrinterColumns()
            .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
      }
      return crd;
    }
  }
}
