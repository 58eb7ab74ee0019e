package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as the operator launches it: presigned URLs in the environment, a real S3 server
 * (S3Proxy), and the compact summary in the termination log.
 */
class RecordUploadIT {
  private static final String BUCKET = "pyrometer";
  private static final Path LAUNCHER = Path.of("bin", "pyrometer").toAbsolutePath();
  private static final List<Artifact> RECORD_ARTIFACTS =
      List.of(Artifact.FOLDED, Artifact.FLAMEGRAPH, Artifact.SPEEDSCOPE, Artifact.REPORT_JSON, Artifact.REPORT_HTML,
          Artifact.PPROF, Artifact.SUMMARY);

  @RegisterExtension
  final S3ProxyExtension s3 = S3ProxyExtension.builder()
      .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key").build();

  @TempDir Path dir;

  @Test
  void uploadsEveryArtifactToItsPresignedUrlAndReportsItInTheTerminationLog() throws Exception {
    MinioClient minio = MinioClient.builder().endpoint(s3.getUri().toString()).credentials("access", "secret-key")
        .region("us-east-1").build();
    if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir)) {
      Path out = dir.resolve("out");
      Path terminationLog = dir.resolve("termination-log");
      List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "record", "--pid", Integer.toString(target.pid()),
          "--mode", "cpu", "--duration", "1s", "-o", out.toString(), "--upload-from-env",
          "--termination-log", terminationLog.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      for (Artifact artifact : RECORD_ARTIFACTS) {
        builder.environment().put(artifact.uploadEnvVar(), minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
            .method(Method.PUT).bucket(BUCKET).object("s1/" + artifact.fileName()).expiry(600).build()));
      }
      Process agent = builder.start();
      String output = new String(agent.getInputStream().readAllBytes());
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as(output).isZero();

      for (Artifact artifact : RECORD_ARTIFACTS) {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object("s1/" + artifact.fileName()).build())) {
          assertThat(in.readAllBytes()).as(artifact.fileName()).isEqualTo(Files.readAllBytes(out.resolve(artifact.fileName())));
        }
      }
      String message = Files.readString(terminationLog);
      assertThat(message.length()).isLessThanOrEqualTo(4096);
      RunSummary summary = SummaryCodec.fromJson(message);
      assertThat(summary.exitReason()).isEqualTo(ExitReason.COMPLETED);
      assertThat(summary.artifacts()).extracting(ArtifactRef::name)
          .containsExactlyInAnyOrderElementsOf(RECORD_ARTIFACTS.stream().map(Artifact::fileName).toList());
      assertThat(summary.artifacts()).allSatisfy(a -> assertThat(a.uploaded()).as(a.name()).isTrue());
      // each artifact's SHA-256, which the operator checks the stored object against: of the bytes in storage
      for (ArtifactRef a : summary.artifacts()) {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object("s1/" + a.name()).build())) {
          byte[] stored = in.readAllBytes();
          assertThat(a.sha256()).as(a.name()).isEqualTo(java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(stored)));
          assertThat(a.bytes()).as(a.name()).isEqualTo(stored.length);
        }
      }
      assertThat(summary.processes().get(0).topStack()).anySatisfy(f -> assertThat(f).startsWith("burn ("));
    }
  }

  @Test
  void anUnreachableStorageEndsInUploadFailedWithTheFilesKept() throws Exception {
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (PythonTarget target = PythonTarget.start(python, "cpu_split.py", dir)) {
      Path out = dir.resolve("out");
      Path terminationLog = dir.resolve("termination-log");
      ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "record", "--pid", Integer.toString(target.pid()),
          "--duration", "500ms", "-o", out.toString(), "--upload-from-env", "--termination-log", terminationLog.toString());
      // a closed port on loopback: every attempt is refused, retried, then given up
      builder.environment().put(Artifact.FOLDED.uploadEnvVar(), "http://127.0.0.1:9/pyrometer/s1/profile.folded?X-Amz-Signature=x");
      Process agent = builder.redirectErrorStream(true).start();
      String output = new String(agent.getInputStream().readAllBytes());
      assertThat(agent.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as(output).isEqualTo(ExitReason.UPLOAD_FAILED.exitCode());
      assertThat(output).contains("pyrometer: upload failed: profile.folded");
      assertThat(SummaryCodec.fromJson(Files.readString(terminationLog)).exitReason()).isEqualTo(ExitReason.UPLOAD_FAILED);
      assertThat(out.resolve("profile.folded")).isNotEmptyFile();
    }
  }
}
