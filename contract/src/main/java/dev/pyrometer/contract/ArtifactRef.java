package dev.pyrometer.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One artifact the agent wrote.
 *
 * @param name file name, one of {@link Artifact#fileName()}
 * @param bytes its size
 * @param uploaded true when it was PUT to its presigned URL
 * @param sha256 the SHA-256 of the file's bytes, lower-case hex: the operator checks the stored
 *     object against it (an upload URL is a bearer capability, so whoever saw it could have
 *     replaced the object); null only from agents older than this field
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactRef(String name, long bytes, boolean uploaded, String sha256) {
  public ArtifactRef(String name, long bytes, boolean uploaded) {
    this(name, bytes, uploaded, null);
  }

  public ArtifactRef withSha256(String sha256) {
    return new ArtifactRef(name, bytes, uploaded, sha256);
  }
}
