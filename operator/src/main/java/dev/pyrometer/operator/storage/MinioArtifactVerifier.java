package dev.pyrometer.operator.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ArtifactVerifier} over the S3 API: a HEAD (statObject), then a GET whose bytes are
 * hashed. Artifacts are reports and flame graphs (kilobytes to a few megabytes), so reading them
 * back once is cheap, and the only way to know the bytes are the agent's: an S3 ETag is not a
 * content hash for multipart or encrypted objects.
 */
public final class MinioArtifactVerifier implements ArtifactVerifier {
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");

  private final MinioClient operatorClient;

  public MinioArtifactVerifier(MinioClient operatorClient) {
    this.operatorClient = operatorClient;
  }

  @Override
  public Optional<StoredObject> inspect(String bucket, String key) {
    try {
      long size = operatorClient.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(
          operatorClient.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), sha256)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return Optional.of(new StoredObject(size, HexFormat.of().formatHex(sha256.digest())));
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw new StorageUnavailableException(
          "storage refused to read " + ObjectKeys.uri(bucket, key) + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new StorageUnavailableException(
          "cannot reach storage to check " + ObjectKeys.uri(bucket, key) + ": " + e, e);
    }
  }
}
