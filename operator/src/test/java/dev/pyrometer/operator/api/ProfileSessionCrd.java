package dev.pyrometer.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The ProfileSession CRD: generated from the api classes ({@link GeneratedCrd}), and as committed. */
public final class ProfileSessionCrd {
  /** The file name under crds/ and charts/pyrometer/crds/. */
  public static final String FILE_NAME = "profilesessions.pyrometer.dev-v1.yml";

  private ProfileSessionCrd() {}

  public static String generate() {
    return GeneratedCrd.generate(ProfileSession.class, version -> {});
  }

  /** The committed crds/ copy, as the chart installs it. */
  public static CustomResourceDefinition committed() {
    return GeneratedCrd.committed(FILE_NAME);
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
}
