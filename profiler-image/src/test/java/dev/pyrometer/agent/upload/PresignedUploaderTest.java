package dev.pyrometer.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.Artifact;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.http.Method;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Uploads against a real S3 server (S3Proxy, filesystem store) with URLs presigned by the MinIO SDK, as the operator does. */
class PresignedUploaderTest {
  private static final String BUCKET = "pyrometer";
  private static final String ACCESS_KEY = "pyrometer-test";
  private static final String SECRET_KEY = "pyrometer-test-secret";
  /** Fast retries so that failing paths take a fraction of a second. */
  private static final RetryPolicy QUICK =
      new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10));

  @RegisterExtension
  final S3ProxyExtension s3 = S3ProxyExtension.builder().withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();

  @TempDir Path dir;
  private MinioClient minio;

  @BeforeEach
  void createBucket() throws Exception {
    minio = client(SECRET_KEY);
    if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
  }

  @Test
  void uploadsEachArtifactToItsPresignedUrlByteForByte() throws Exception {
    Map<Artifact, Path> files = new LinkedHashMap<>();
    files.put(Artifact.FOLDED, write("profile.folded", "main (app.py:1);work (app.py:7) 42\n".getBytes(StandardCharsets.UTF_8)));
    files.put(Artifact.SPEEDSCOPE, write("speedscope.json", "{\"$schema\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    byte[] large = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(large);
    files.put(Artifact.FLAMEGRAPH, write("flamegraph.html", large));
    Map<String, String> env = new HashMap<>();
    for (Artifact artifact : files.keySet()) {
      env.put(artifact.uploadEnvVar(), presignPut(minio, "session-1/" + artifact.fileName(), 600));
    }

    List<UploadResult> results = new PresignedUploader(QUICK).uploadAll(files, UploadTargets.fromEnvironment(env));

    assertThat(results).hasSize(3).allSatisfy(r -> {
      assertThat(r.outcome()).as(r.error()).isEqualTo(UploadResult.Outcome.UPLOADED);
      assertThat(r.attempts()).isEqualTo(1);
    });
    for (Map.Entry<Artifact, Path> file : files.entrySet()) {
      String key = "session-1/" + file.getKey().fileName();
      try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
        assertThat(in.readAllBytes()).as(key).isEqualTo(Files.readAllBytes(file.getValue()));
      }
      assertThat(minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()).contentType())
          .as("the server stores the type we sent (Jetty drops the space after ';')")
          .isEqualToIgnoringWhitespace(file.getKey().contentType());
    }
    for (UploadResult result : results) {
      assertThat(result.toRef().bytes()).isEqualTo(Files.size(files.get(result.artifact())));
      assertThat(result.toRef().uploaded()).isTrue();
    }
  }

  @Test
  void retriesAServerThatIsDownThenReportsTheUploadFailed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/pyrometer/s/profile.folded?X-Amz-Signature=s3cr3t");

    UploadResult result = new PresignedUploader(QUICK).upload(Artifact.FOLDED, write("profile.folded", new byte[] {1, 2}), url);

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.error())
        .startsWith("profile.folded: cannot connect to http://127.0.0.1:" + closedPort + "/pyrometer/s/profile.folded")
        .contains("gave up after 4 attempts")
        .doesNotContain("s3cr3t");
  }

  @Test
  void doesNotRetryAnExpiredUrl() throws Exception {
    String url = presignPut(minio, "session-1/profile.folded", 1);
    TimeUnit.MILLISECONDS.sleep(2100); // SigV4 expiry has one-second granularity

    UploadResult result = new PresignedUploader(QUICK).upload(Artifact.FOLDED, write("profile.folded", new byte[] {1}), URI.create(url));

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).contains("HTTP 403").contains("not retried").doesNotContain("X-Amz-Signature");
  }

  @Test
  void doesNotRetryASignatureTheServerRefuses() throws Exception {
    String forged = presignPut(client("not-the-secret"), "session-1/profile.folded", 600);

    UploadResult result = new PresignedUploader(QUICK).upload(Artifact.FOLDED, write("profile.folded", new byte[] {1}), URI.create(forged));

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error()).contains("HTTP 403 (SignatureDoesNotMatch").contains("not retried");
  }

  @Test
  void reportsAFileThatCannotBeReadWithoutTryingToUploadIt() {
    UploadResult result = new PresignedUploader(QUICK)
        .upload(Artifact.SUMMARY, dir.resolve("missing.json"), URI.create("http://127.0.0.1:9/b/summary.json"));

    assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(result.attempts()).isZero();
    assertThat(result.error()).isEqualTo("summary.json: cannot read " + dir.resolve("missing.json"));
  }

  @Test
  void skipsArtifactsWithoutAUrlAndFailsThoseWithAnUnusableOne() throws Exception {
    Map<Artifact, Path> files = new LinkedHashMap<>();
    files.put(Artifact.FOLDED, write("profile.folded", new byte[] {1}));
    files.put(Artifact.SUMMARY, write("summary.json", new byte[] {2, 3}));
    UploadTargets targets = UploadTargets.fromEnvironment(Map.of(Artifact.SUMMARY.uploadEnvVar(), "ftp://example/summary.json"));

    List<UploadResult> results = new PresignedUploader(QUICK).uploadAll(files, targets);

    assertThat(results.get(0)).isEqualTo(new UploadResult(Artifact.FOLDED, UploadResult.Outcome.SKIPPED, 1, 0, null));
    assertThat(results.get(1).outcome()).isEqualTo(UploadResult.Outcome.FAILED);
    assertThat(results.get(1).error()).isEqualTo("summary.json: PYROMETER_UPLOAD_SUMMARY_JSON is not an http(s) URL with a host");
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  private MinioClient client(String secret) {
    return MinioClient.builder().endpoint(s3.getUri().toString()).credentials(ACCESS_KEY, secret).region("us-east-1").build();
  }

  /** A presigned PUT as the operator makes it: region set, so presigning makes no request. */
  static String presignPut(MinioClient client, String key, int expirySeconds) throws Exception {
    return client.getPresignedObjectUrl(
        GetPresignedObjectUrlArgs.builder().method(Method.PUT).bucket(BUCKET).object(key).expiry(expirySeconds).build());
  }
}
