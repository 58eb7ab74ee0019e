package dev.pyrometer.operator.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;

/**
 * Presigns one PUT URL per object key, signed for the storage endpoint as the profiled pods reach
 * it. The client has its region set, so presigning is local: no call to the storage.
 */
public final class UploadPresigner {
  /** S3 refuses presigned URLs valid for longer than this. */
  static final Duration MAX_EXPIRY = Duration.ofDays(7);

  private final MinioClient podFacingClient;

  public UploadPresigner(MinioClient podFacingClient) {
    this.podFacingClient = podFacingClient;
  }

  public String presignPut(String bucket, String key, Duration expiry) {
    return presign(Method.PUT, bucket, key, expiry);
  }

  /** A GET URL: the profiler reads a base session's profile with it (spec.compareTo). */
  public String presignGet(String bucket, String key, Duration expiry) {
    return presign(Method.GET, bucket, key, expiry);
  }

  private String presign(Method method, String bucket, String key, Duration expiry) {
    long seconds = Math.max(1, Math.min(expiry.toSeconds(), MAX_EXPIRY.toSeconds()));
    try {
      return podFacingClient.getPresignedObjectUrl(
          GetPresignedObjectUrlArgs.builder()
              .method(method)
              .bucket(bucket)
              .object(key)
              .expiry((int) seconds)
              .build());
    } catch (Exception e) {
      // with a region configured this is pure computation; a failure here is a configuration bug
      throw new IllegalStateException("cannot presign a " + method + " URL for " + key + ": " + e, e);
    }
  }
}
