package dev.pyrometer.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.testing.Sessions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private final ProfileSession session = Sessions.byPodName("shop", "s", "web");

  private ProfileSessionStatus status(TargetStatus... targets) {
    session.getMetadata().setGeneration(1L);
    return StatusBuilder.fromTargets(session, List.of(targets), List.of(), NOW);
  }

  private static TargetStatus web(Phase phase, String reason) {
    return TargetStatus.requested("web", "u", "app", "pyrometer-1").withPhase(phase, reason, reason + "!");
  }

  @Test
  void recordsTheAddedContainerTheStartAndTheEnd() {
    ProfileSessionStatus pending = status(web(Phase.PENDING, "ContainerRequested"));
    ProfileSessionStatus profiling = status(web(Phase.PROFILING, "ProfilerRunning"));
    ProfileSessionStatus done = status(web(Phase.SUCCEEDED, "Completed"));

    assertThat(TransitionEvents.between(null, pending)).extracting(SessionEvent::reason).containsExactly("EphemeralContainerAdded");
    assertThat(TransitionEvents.between(pending, profiling)).extracting(SessionEvent::reason).containsExactly("ProfilerStarted");
    assertThat(TransitionEvents.between(profiling, done)).extracting(SessionEvent::reason, SessionEvent::warning)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Succeeded", false));
  }

  @Test
  void recordsNothingWhenNothingChanged() {
    ProfileSessionStatus profiling = status(web(Phase.PROFILING, "ProfilerRunning"));

    assertThat(TransitionEvents.between(profiling, status(web(Phase.PROFILING, "ProfilerRunning")))).isEmpty();
  }

  @Test
  void aFailureIsAWarningNamedAfterItsReason() {
    ProfileSessionStatus failed = StatusBuilder.failedBeforeStart(session, Reason.PodSecurityRejected, "denied", NOW);

    assertThat(TransitionEvents.between(null, failed)).singleElement()
        .satisfies(e -> {
          assertThat(e.warning()).isTrue();
          assertThat(e.reason()).isEqualTo("PodSecurityRejected");
          assertThat(e.message()).isEqualTo("denied");
        });
  }

  @Test
  void withSeveralPodsEachPodsEndIsRecordedToo() {
    TargetStatus a = TargetStatus.requested("a", "ua", "app", "p");
    TargetStatus b = TargetStatus.requested("b", "ub", "app", "p");
    ProfileSessionStatus before = status(a.withPhase(Phase.PROFILING, "ProfilerRunning", ""), b.withPhase(Phase.PROFILING, "ProfilerRunning", ""));
    ProfileSessionStatus after = status(a.withPhase(Phase.SUCCEEDED, "Completed", "a done"), b.withPhase(Phase.FAILED, "NoSamples", "no samples"));

    assertThat(TransitionEvents.between(before, after)).extracting(SessionEvent::reason)
        .containsExactly("ProfilerFinished", "NoSamples", "NoSamples");
  }
}
