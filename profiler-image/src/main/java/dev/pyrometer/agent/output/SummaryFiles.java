package dev.pyrometer.agent.output;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the run summary: {@code summary.json} in the output directory, and the compact form to
 * the container's termination message file, where the operator reads it.
 */
public final class SummaryFiles {
  private SummaryFiles() {}

  public static ArtifactRef writeSummary(RunSummary summary, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(Artifact.SUMMARY.fileName());
    Files.writeString(file, SummaryCodec.toJson(summary) + "\n", StandardCharsets.UTF_8);
    return new ArtifactRef(Artifact.SUMMARY.fileName(), Files.size(file), false);
  }

  public static void writeTerminationMessage(RunSummary summary, Path file) throws IOException {
    Files.writeString(file, SummaryCodec.toTerminationMessage(summary), StandardCharsets.UTF_8);
  }
}
