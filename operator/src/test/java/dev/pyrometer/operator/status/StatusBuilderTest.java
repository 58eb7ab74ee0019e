package dev.pyrometer.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.testing.Sessions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:03.250Z");
  private static final Instant T1 = Instant.parse("2026-11-21T10:01:09Z");

  private static ProfileSession session() {
    ProfileSession s = Sessions.byPodName("shop", "checkout-slow", "web");
    s.getMetadata().setGeneration(1L);
    s.getMetadata().setUid("uid");
    return s;
  }

  private static TargetStatus target(String pod, Phase phase, String reason, Long samples, String top) {
    return TargetStatus.requested(pod, "uid-" + pod, "app", "pyrometer-1").withResult(phase, reason, reason + " in " + pod, 0, samples, top, null);
  }

  @Test
  void aStartedSessionIsPendingAndReconcilingSinceNow() {
    ProfileSessionStatus status = StatusBuilder.fromTargets(session(), List.of(TargetStatus.requested("web", "u", "app", "pyrometer-1")), List.of(), T0);

    assertThat(status.getPhase()).isEqualTo(Phase.PENDING);
    assertThat(status.getReason()).isEqualTo("ContainerRequested");
    // to the millisecond: the start timeout counts from it
    assertThat(status.getStartTime()).isEqualTo("2026-11-21T10:00:03.250Z");
    assertThat(status.getCompletionTime()).isNull();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getTarget()).isEqualTo("web");
    assertThat(status.getSamples()).isNull();
    assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "False"),
            org.assertj.core.groups.Tuple.tuple("Reconciling", "True"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
  }

  @Test
  void aSessionSucceedsWhenEveryTargetDidAndAddsUpTheirSamples() {
    ProfileSession s = session();
    s.setStatus(StatusBuilder.fromTargets(s, List.of(TargetStatus.requested("web", "u", "app", "p")), List.of(), T0));
    List<ArtifactStatus> artifacts = List.of(new ArtifactStatus("web-a", "report.html", "s3://b/k/report.html", 10L, null));

    ProfileSessionStatus status = StatusBuilder.fromTargets(s,
        List.of(target("web-a", Phase.SUCCEEDED, "Completed", 100L, "handle (app.py:1)"), target("web-b", Phase.SUCCEEDED, "TargetsExited", 20L, null)),
        artifacts, T1);

    assertThat(status.getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(status.getReason()).isEqualTo("Completed");
    assertThat(status.getMessage()).isEqualTo("120 samples from 2 pods; report: s3://b/k/report.html");
    assertThat(status.getTarget()).isEqualTo("web-a (+1)");
    assertThat(status.getSamples()).isEqualTo(120L);
    assertThat(status.getCollected()).isEqualTo("120 samples");
    assertThat(status.getObjects()).isNull();
    assertThat(status.getTop()).isEqualTo("handle (app.py:1)");
    assertThat(status.getStartTime()).as("kept from the start").isEqualTo("2026-11-21T10:00:03.250Z");
    assertThat(status.getCompletionTime()).isEqualTo("2026-11-21T10:01:09Z");
    assertThat(Conditions.find(status.getConditions(), "Ready").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void aMemorySessionCountsObjectsAndBytesNotSamples() {
    ProfileSession s = session();
    TargetStatus heap = target("web-a", Phase.SUCCEEDED, "Completed", null, "app.cache.ORDERS (dict) 12.0 MiB")
        .withHeap(58_210L, 12L << 20);
    TargetStatus other = target("web-b", Phase.SUCCEEDED, "Completed", null, null).withHeap(1_000L, 1L << 20);

    ProfileSessionStatus status = StatusBuilder.fromTargets(s, List.of(heap, other),
        List.of(new ArtifactStatus("web-a", "report.html", "s3://b/k/report.html", 10L, null)), T1);

    assertThat(status.getSamples()).isNull();
    assertThat(status.getObjects()).isEqualTo(59_210L);
    assertThat(status.getBytes()).isEqualTo(13L << 20);
    assertThat(status.getCollected()).isEqualTo("59,210 objects, 13.0 MiB");
    assertThat(status.getMessage()).isEqualTo("59,210 Python objects (13.0 MiB) from 2 pods; report: s3://b/k/report.html")
        .doesNotContain("sample");
    assertThat(status.getTop()).isEqualTo("app.cache.ORDERS (dict) 12.0 MiB");
  }

  @Test
  void aSessionFailsWithTheFirstFailedTargetsReason() {
    ProfileSessionStatus status = StatusBuilder.fromTargets(session(),
        List.of(target("web-a", Phase.SUCCEEDED, "Completed", 100L, null), target("web-b", Phase.FAILED, "NoSamples", 0L, null)),
        List.of(), T1);

    assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
    assertThat(status.getReason()).isEqualTo("NoSamples");
    assertThat(status.getMessage()).isEqualTo("pod web-b: NoSamples in web-b (1 of 2 pods failed)");
    assertThat(Conditions.find(status.getConditions(), "Stalled").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void profilingWinsOverPendingWhileAnyTargetRuns() {
    ProfileSessionStatus status = StatusBuilder.fromTargets(session(),
        List.of(target("a", Phase.PENDING, "ContainerRequested", null, null), target("b", Phase.PROFILING, "ProfilerRunning", null, null),
            target("c", Phase.SUCCEEDED, "Completed", 1L, null)),
        List.of(), T1);

    assertThat(status.getPhase()).isEqualTo(Phase.PROFILING);
    assertThat(status.getMessage()).isEqualTo("profiling 1 of 3 pods");
  }

  @Test
  void aFailureBeforeAnyTargetNamesThePodFromTheSpec() {
    ProfileSessionStatus status = StatusBuilder.failedBeforeStart(session(), Reason.TargetNotFound, "pod web not found in namespace shop", T0);

    assertThat(status.getPhase()).isEqualTo(Phase.FAILED);
    assertThat(status.getTarget()).isEqualTo("web");
    assertThat(status.getTargets()).isEmpty();
    assertThat(status.getCompletionTime()).isEqualTo("2026-11-21T10:00:03Z");
    assertThat(status.getConditions()).allSatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("TargetNotFound");
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
    });
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
    ProfileSession s = session();
    s.setStatus(StatusBuilder.fromTargets(s, List.of(TargetStatus.requested("web", "u", "app", "p")), List.of(), T0));

    ProfileSessionStatus later = StatusBuilder.fromTargets(s, List.of(target("web", Phase.PROFILING, "ProfilerRunning", null, null)), List.of(), T1);

    assertThat(Conditions.find(later.getConditions(), "Reconciling").orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-21T10:00:03Z");
    s.setStatus(later);
    ProfileSessionStatus done = StatusBuilder.fromTargets(s, List.of(target("web", Phase.SUCCEEDED, "Completed", 1L, null)), List.of(), T1.plusSeconds(5));
    assertThat(Conditions.find(done.getConditions(), "Reconciling").orElseThrow().getLastTransitionTime()).isEqualTo("2026-11-21T10:01:14Z");
  }
}
