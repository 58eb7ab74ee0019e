package dev.pyrometer.operator.schedule.insight;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** {@link ReportStore} over the S3 API (GetObject). */
public final class MinioReportStore implements ReportStore {
  /** report.json is a few hundred kilobytes; anything far larger is not one. */
  private static final int MAX_BYTES = 32 << 20;

  private final MinioClient client;

  public MinioReportStore(MinioClient client) {
    this.client = client;
  }

  @Override
  public String read(String uri) throws IOException {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IOException("not an s3:// URI: " + uri);
    }
    String key = parsed.getPath().replaceFirst("^/", "");
    try (GetObjectResponse in =
        client.getObject(GetObjectArgs.builder().bucket(parsed.getHost()).object(key).build())) {
      byte[] bytes = in.readNBytes(MAX_BYTES);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }
}
