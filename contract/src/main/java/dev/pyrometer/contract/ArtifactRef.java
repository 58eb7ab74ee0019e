package dev.pyrometer.contract;

/**
 * One artifact the agent wrote.
 *
 * @param name file name, one of {@link Artifact#fileName()}
 * @param bytes its size
 * @param uploaded true when it was PUT to its presigned URL
 */
public record ArtifactRef(String name, long bytes, boolean uploaded) {}
