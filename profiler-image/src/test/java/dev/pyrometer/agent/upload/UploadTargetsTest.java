package dev.pyrometer.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.Artifact;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadTargetsTest {

  @Test
  void readsTheUrlOfEachArtifactFromItsEnvironmentVariable() {
    UploadTargets targets = UploadTargets.fromEnvironment(Map.of(
        "PYROMETER_UPLOAD_PROFILE_FOLDED", "http://minio.storage:9000/profiles/s1/profile.folded?X-Amz-Signature=a",
        "PYROMETER_UPLOAD_SUMMARY_JSON", " https://s3.example.com/b/summary.json?X-Amz-Signature=b ",
        "PYROMETER_UPLOAD_REPORT_HTML", "",
        "HOME", "/root"));

    assertThat(targets.urls()).containsOnlyKeys(Artifact.FOLDED, Artifact.SUMMARY);
    assertThat(targets.urlFor(Artifact.SUMMARY)).hasValue(URI.create("https://s3.example.com/b/summary.json?X-Amz-Signature=b"));
    assertThat(targets.urlFor(Artifact.REPORT_HTML)).isEmpty();
    assertThat(targets.rejected()).isEmpty();
  }

  @Test
  void rejectsValuesThatAreNotHttpUrlsWithoutEchoingThem() {
    UploadTargets targets = UploadTargets.fromEnvironment(Map.of(
        Artifact.FLAMEGRAPH.uploadEnvVar(), "file:///etc/passwd",
        Artifact.SPEEDSCOPE.uploadEnvVar(), "http://bad host/x?sig=secret"));

    assertThat(targets.urls()).isEmpty();
    assertThat(targets.rejected().get(Artifact.FLAMEGRAPH)).isEqualTo("PYROMETER_UPLOAD_FLAMEGRAPH_HTML is not an http(s) URL with a host");
    assertThat(targets.rejected().get(Artifact.SPEEDSCOPE)).startsWith("PYROMETER_UPLOAD_SPEEDSCOPE_JSON is not a valid URL").doesNotContain("secret");
  }

  @Test
  void printsUrlsWithoutTheirSignature() {
    assertThat(UploadTargets.redacted(URI.create("http://127.0.0.1:9000/b/k.json?X-Amz-Credential=a&X-Amz-Signature=b")))
        .isEqualTo("http://127.0.0.1:9000/b/k.json");
  }

  @Test
  void hasNoTargetsInAnEmptyEnvironment() {
    assertThat(UploadTargets.fromEnvironment(Map.of()).isEmpty()).isTrue();
  }
}
