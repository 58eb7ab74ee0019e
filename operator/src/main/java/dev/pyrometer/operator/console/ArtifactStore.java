package dev.pyrometer.operator.console;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import java.net.URI;
import java.util.Set;

/**
 * Opens an artifact in object storage with the operator's own credentials, as a stream: the
 * console copies it to the viewer as it arrives, never holding a whole file in memory.
 */
public final class ArtifactStore {
  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket");

  private final MinioClient client;

  public ArtifactStore(MinioClient client) {
    this.client = client;
  }

  /** The object behind an {@code s3://bucket/key} URI; the caller closes it. */
  public GetObjectResponse open(String uri) {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw ConsoleException.notFound("not an s3:// location: " + uri);
    }
    String key = parsed.getPath().replaceFirst("^/", "");
    try {
      return client.getObject(GetObjectArgs.builder().bucket(parsed.getHost()).object(key).build());
    } catch (ErrorResponseException e) {
      if (MISSING.contains(e.errorResponse().code())) {
        throw ConsoleException.notFound("the artifact is no longer in storage: " + uri);
      }
      throw ConsoleException.storageUnavailable("storage refused to read " + uri + ": " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw ConsoleException.storageUnavailable("cannot reach storage to read " + uri + ": " + e.getMessage(), e);
    }
  }
}
