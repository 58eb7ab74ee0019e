package dev.pyrometer.operator.storage;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.util.Optional;
import java.util.Set;

/** {@link ArtifactVerifier} over the S3 API: a HEAD (statObject) per artifact. */
public final class MinioArtifactVerifier implements ArtifactVerifier {
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");

  private final MinioClient operatorClient;

  public MinioArtifactVerifier(MinioClient operatorClient) {
    this.operatorClient = operatorClient;
  }

  @Override
  public Optional<Long> size(String bucket, String key) {
    try {
      return Optional.of(
          operatorClient.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
              .size());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw new StorageUnavailableException(
          "storage refused to stat " + ObjectKeys.uri(bucket, key) + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new StorageUnavailableException(
          "cannot reach storage to check " + ObjectKeys.uri(bucket, key) + ": " + e, e);
    }
  }
}
