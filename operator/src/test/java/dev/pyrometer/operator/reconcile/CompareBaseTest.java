package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.storage.UploadPresigner;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.minio.MinioClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spec.compareTo before a session starts: the base must be there, Succeeded and of the same mode. */
class CompareBaseTest {
  private final Map<String, ProfileSession> stored = new HashMap<>();
  private final CompareBase compare = new CompareBase((ns, name) -> Optional.ofNullable(stored.get(ns + "/" + name)),
      new UploadPresigner(MinioClient.builder().endpoint("http://s3.pods:9000").region("us-east-1").credentials("a", "b").build()));

  private static ProfileSession session(String name, Mode mode, String compareTo) {
    ProfileSession s = Sessions.with(Sessions.byPodName("shop", name, "web-1"), spec -> {
      spec.setMode(mode);
      spec.setCompareTo(compareTo);
    });
    s.getMetadata().setUid("uid-" + name);
    return s;
  }

  private void store(ProfileSession s, Phase phase, String... folded) {
    ProfileSessionStatus status = new ProfileSessionStatus();
    status.setPhase(phase);
    for (int i = 0; i < folded.length; i++) {
      status.getArtifacts().add(new ArtifactStatus("web-" + i, folded[i], "s3://profiles/shop/" + s.getMetadata().getName()
          + "-x/web-" + i + "/" + folded[i], 10L, null));
    }
    s.setStatus(status);
    stored.put("shop/" + s.getMetadata().getName(), s);
  }

  private Map<String, String> urls(ProfileSession s) {
    SessionPlan plan = new SpecValidator(TestingOperatorConfig.forStorage("http://s3")).validate(s.getSpec());
    return compare.urls(s, plan, Duration.ofMinutes(5));
  }

  @Test
  void givesTheProfilerAGetUrlOfEachPodsFoldedFile() {
    store(session("before", Mode.CPU, null), Phase.SUCCEEDED, "report.html", "profile.folded", "profile.folded");

    Map<String, String> env = urls(session("after", Mode.CPU, "before"));

    assertThat(env).containsOnlyKeys("PYROMETER_BASE_PROFILE_1", "PYROMETER_BASE_PROFILE_2");
    URI first = URI.create(env.get("PYROMETER_BASE_PROFILE_1"));
    assertThat(first.getHost()).isEqualTo("s3.pods");
    assertThat(first.getPath()).isEqualTo("/profiles/shop/before-x/web-1/profile.folded");
    assertThat(first.getQuery()).contains("X-Amz-Expires=300");
    assertThat(urls(session("alone", Mode.CPU, null))).isEmpty();
  }

  @Test
  void aMemorySessionGetsTheBasesMemoryFolded() {
    store(session("heap-1", Mode.MEMORY, null), Phase.SUCCEEDED, "memory.folded");

    assertThat(URI.create(urls(session("heap-2", Mode.MEMORY, "heap-1")).get("PYROMETER_BASE_PROFILE_1")).getPath())
        .endsWith("/memory.folded");
  }

  @Test
  void refusesWhatCannotBeComparedWithANamedReason() {
    store(session("failed", Mode.CPU, null), Phase.FAILED);
    store(session("running", Mode.CPU, null), Phase.PROFILING);
    store(session("heap", Mode.MEMORY, null), Phase.SUCCEEDED, "memory.folded");

    for (var c : List.of(
        Map.entry("missing", Reason.CompareToNotFound),
        Map.entry("failed", Reason.CompareToNotSucceeded),
        Map.entry("running", Reason.CompareToNotSucceeded),
        Map.entry("heap", Reason.CompareToModeMismatch))) {
      assertThatThrownBy(() -> urls(session("new", Mode.CPU, c.getKey()))).as(c.getKey())
          .isInstanceOfSatisfying(SessionFailure.class, f -> assertThat(f.reason()).isEqualTo(c.getValue()))
          .hasMessageContaining(c.getKey());
    }
  }
}
