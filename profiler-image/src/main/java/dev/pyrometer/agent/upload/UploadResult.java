package dev.pyrometer.agent.upload;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;

/**
 * What happened to one artifact.
 *
 * @param artifact which file
 * @param outcome uploaded, failed, or skipped because no URL was given
 * @param bytes size of the file (what was, or would have been, sent)
 * @param attempts PUT requests made
 * @param error why it failed, one line without the URL's credentials; null unless failed
 */
public record UploadResult(Artifact artifact, Outcome outcome, long bytes, int attempts, String error) {

  /** The fate of one upload. */
  public enum Outcome {
    UPLOADED,
    FAILED,
    SKIPPED
  }

  public boolean uploaded() {
    return outcome == Outcome.UPLOADED;
  }

  /** The entry of the run summary. */
  public ArtifactRef toRef() {
    return new ArtifactRef(artifact.fileName(), bytes, uploaded());
  }
}
