package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One file in object storage (never the file itself: status lives in etcd).
 *
 * @param pod the target pod it came from
 * @param name the file name, e.g. flamegraph.html
 * @param uri s3://bucket/key
 * @param bytes its size in storage
 * @param sha256 the SHA-256 of the stored bytes, checked against what the profiler uploaded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactStatus(
    @JsonPropertyDescription("The target pod it came from.") String pod,
    @JsonPropertyDescription("The file name, e.g. flamegraph.html.") String name,
    @JsonPropertyDescription("s3://bucket/key") String uri,
    @JsonPropertyDescription("Its size in storage.") Long bytes,
    @JsonPropertyDescription("SHA-256 of the stored bytes (hex), as the profiler reported and the operator checked.")
        String sha256) {}
