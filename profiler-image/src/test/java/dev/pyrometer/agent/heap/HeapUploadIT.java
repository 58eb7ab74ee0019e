package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pyrometer heap} as the operator launches it for {@code mode: memory}: the packaged
 * agent, presigned URLs in the environment, a real S3 server (S3Proxy), the compact summary with
 * the largest path in the termination log.
 */
class HeapUploadIT {
  private static final String BUCKET = "pyrometer";
  private static final Path LAUNCHER = Path.of("bin", "pyrometer").toAbsolutePath();
  private static final List<Artifact> HEAP_ARTIFACTS = List.of(Artifact.MEMORY_FOLDED, Artifact.MEMORY_FLAMEGRAPH,
      Artifact.MEMORY_REPORT_JSON, Artifact.REPORT_HTML, Artifact.MEMORY_DIFF_FOLDED, Artifact.MEMORY_PPROF, Artifact.SUMMARY);

  @RegisterExtension
  final S3ProxyExtension s3 = S3ProxyExtension.builder()
      .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret-key").build();

  @TempDir Path dir;

  @Test
  void uploadsTheMemoryArtifactsAndPutsTheLargestPathInTheTerminationLog() throws Exception {
    MinioClient minio = MinioClient.builder().endpoint(s3.getUri().toString()).credentials("access", "secret-key")
        .region("us-east-1").build();
    if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    TestPythons.Interpreter python = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
    try (HeapTarget target = HeapTarget.start(python, "ground_truth.py", "--plant", "10")) {
      Path out = dir.resolve("out");
      Path terminationLog = dir.resolve("termination-log");
      ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "heap", "--pid", Integer.toString(target.pid()),
          "--snapshots", "2", "--interval", "500ms", "--duration", "30s", "--freeze", "-o", out.toString(),
          "--upload-from-env", "--termination-log", terminationLog.toString()).redirectErrorStream(true);
      for (Artifact artifact : HEAP_ARTIFACTS) {
        builder.environment().put(artifact.uploadEnvVar(), minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
            .method(Method.PUT).bucket(BUCKET).object("s1/" + artifact.fileName()).expiry(600).build()));
      }
      Process agent = builder.start();
      String output = new String(agent.getInputStream().readAllBytes());
      assertThat(agent.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).as(output).isZero();

      for (Artifact artifact : HEAP_ARTIFACTS) {
        try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object("s1/" + artifact.fileName()).build())) {
          assertThat(in.readAllBytes()).as(artifact.fileName()).isEqualTo(Files.readAllBytes(out.resolve(artifact.fileName())));
        }
      }
      RunSummary summary = SummaryCodec.fromJson(Files.readString(terminationLog));
      assertThat(summary.mode()).isEqualTo("memory");
      assertThat(summary.exitReason()).isEqualTo(ExitReason.COMPLETED);
      assertThat(summary.artifacts()).allSatisfy(a -> assertThat(a.uploaded()).as(a.name()).isTrue());
      assertThat(summary.artifacts()).extracting(ArtifactRef::name)
          .containsExactlyInAnyOrderElementsOf(HEAP_ARTIFACTS.stream().map(Artifact::fileName).toList());
      assertThat(summary.processes().get(0).topStack()).containsExactly("sys.modules", "leakmod", "CACHE (dict)");
      assertThat(summary.finding().location()).startsWith("leakmod.CACHE");
    }
  }
}
