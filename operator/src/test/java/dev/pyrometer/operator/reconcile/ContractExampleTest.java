package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.storage.ArtifactVerifier;
import dev.pyrometer.operator.storage.ObjectKeys;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operator's side of the contract, on the shared example summary the agent's side tests too
 * (contract/src/main/resources/dev/pyrometer/contract/examples/summary-offcpu.json): written to a
 * termination message as the agent does, read back into a target status.
 */
class ContractExampleTest {
  @Test
  void theSharedExampleSummaryBecomesATargetStatus() throws Exception {
    RunSummary example;
    try (InputStream in = SummaryCodec.class.getResourceAsStream("/dev/pyrometer/contract/examples/summary-offcpu.json")) {
      example = SummaryCodec.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    // as written by a run with --upload-from-env: every artifact uploaded
    RunSummary uploaded = new RunSummary(example.schemaVersion(), example.mode(), example.rateHz(), example.durationSeconds(),
        example.elapsedSeconds(), example.exitReason(), example.exitCode(), example.message(), example.processes(),
        example.artifacts().stream().map(a -> new ArtifactRef(a.name(), a.bytes(), true, a.sha256())).toList(), example.finding());
    String message = SummaryCodec.toTerminationMessage(uploaded);
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);

    ProfileSession session = Sessions.byPodName("shop", "checkout-slow", "web");
    session.getMetadata().setUid("uid");
    SessionPlan plan = new SpecValidator(TestingOperatorConfig.forStorage("http://s3")).validate(session.getSpec());
    Pod pod = Pods.running("shop", "web", Map.of(), "app");
    pod.getMetadata().setUid("pod-uid");
    pod.getStatus().setEphemeralContainerStatuses(List.of(new ContainerStatusBuilder().withName("pyrometer-1")
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed").withMessage(message).endTerminated().build())
        .build()));
    // storage holds every artifact, with the size and digest the agent reported
    Map<String, ArtifactVerifier.StoredObject> stored = new java.util.HashMap<>();
    for (ArtifactRef a : uploaded.artifacts()) {
      assertThat(a.sha256()).as("the example reports each artifact's SHA-256").matches("[0-9a-f]{64}");
      stored.put(ObjectKeys.key("sessions", "shop", "checkout-slow", "uid", "web", a.name()), new ArtifactVerifier.StoredObject(a.bytes(), a.sha256()));
    }
    TargetObserver observer = new TargetObserver((bucket, key) -> Optional.ofNullable(stored.get(key)), Duration.ofMinutes(5));

    TargetObservation seen = observer.observe(session, plan, TargetStatus.requested("web", "pod-uid", "app", "pyrometer-1"),
        Optional.of(pod), Instant.now(), Instant.now());

    assertThat(seen.target().phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(seen.target().reason()).isEqualTo("Completed");
    assertThat(seen.target().samples()).isEqualTo(1423L);
    assertThat(seen.target().top()).isEqualTo("handle_by_script (demo_app.py:24)");
    assertThat(seen.target().processes()).singleElement().satisfies(p -> {
      assertThat(p.pid()).isEqualTo(7);
      assertThat(p.pythonVersion()).isEqualTo("3.11.7");
      assertThat(p.command()).isEqualTo("python3 -u /app/demo_app.py 8000");
    });
    assertThat(seen.artifacts()).extracting(ArtifactStatus::name).first().isEqualTo("report.html");
    assertThat(seen.artifacts().get(0).bytes()).isEqualTo(134046L);
    assertThat(seen.artifacts()).hasSize(uploaded.artifacts().size());
  }
}
