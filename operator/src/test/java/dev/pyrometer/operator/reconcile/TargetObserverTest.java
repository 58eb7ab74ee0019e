package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.storage.ArtifactVerifier;
import dev.pyrometer.operator.storage.StorageUnavailableException;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetObserverTest {
  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

  /** Storage as a map of key to size; null means it does not answer. */
  private Map<String, Long> stored = new HashMap<>();

  private final ArtifactVerifier storage = (bucket, key) -> {
    if (stored == null) {
      throw new StorageUnavailableException("down", null);
    }
    return Optional.ofNullable(stored.get(bucket + "/" + key)).map(size -> new ArtifactVerifier.StoredObject(size, digest(size)));
  };

  /** A stand-in SHA-256 that follows the content's size, so a different size is a different digest. */
  private static String digest(long size) {
    return String.format("%064x", size);
  }

  private static ArtifactRef ref(String name, long bytes, boolean uploaded) {
    return new ArtifactRef(name, bytes, uploaded, digest(bytes));
  }

  private final TargetObserver observer = new TargetObserver(storage, Duration.ofMinutes(5));
  private final ProfileSession session = session();
  private final SessionPlan plan = new SpecValidator(TestingOperatorConfig.forStorage("http://s3")).validate(session.getSpec());
  private final TargetStatus requested = TargetStatus.requested("web", "pod-uid", "app", "pyrometer-1");

  private static ProfileSession session() {
    ProfileSession s = Sessions.byPodName("shop", "s", "web");
    s.getMetadata().setUid("session-uid");
    return s;
  }

  private Pod pod(ContainerState state) {
    Pod pod = Pods.running("shop", "web", Map.of(), "app");
    pod.getMetadata().setUid("pod-uid");
    if (state != null) {
      pod.getStatus().setEphemeralContainerStatuses(List.of(new ContainerStatusBuilder().withName("pyrometer-1").withState(state).build()));
    }
    return pod;
  }

  private TargetObservation observe(Pod pod, Instant now) {
    return observer.observe(session, plan, requested, Optional.ofNullable(pod), START, now);
  }

  private static ContainerState terminated(int exitCode, String message) {
    return new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
        .withMessage(message).endTerminated().build();
  }

  private static String summary(ExitReason reason, List<ArtifactRef> artifacts, Finding finding) {
    return SummaryCodec.toTerminationMessage(new RunSummary(1, "offcpu", 100, 2, 2, reason, reason.exitCode(), "message of " + reason,
        List.of(new ProcessSummary(7, "python app.py", "3.12.1", 400, 0, null, List.of("main (app.py:1)", "wait (app.py:9)", "select_[k]"), 300, null)),
        artifacts, finding));
  }

  private String key(String file) {
    return "profiles/" + dev.pyrometer.operator.storage.ObjectKeys.key("sessions", "shop", "s", "session-uid", "web", file);
  }

  @Test
  void staysPendingWhileTheKubeletSaysWhyItWaits() {
    TargetObservation seen = observe(pod(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build()), START.plusSeconds(5));

    assertThat(seen.target().phase()).isEqualTo(Phase.PENDING);
    assertThat(seen.target().message()).isEqualTo("waiting for the profiler container in pod web to start (ContainerCreating)");
  }

  @Test
  void failsAfterTheStartTimeoutWithTheKubeletsReason() {
    ContainerState creating = new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build();

    assertThat(observe(pod(creating), START.plus(plan.startTimeout()).minusMillis(1)).target().phase()).isEqualTo(Phase.PENDING);
    TargetObservation seen = observe(pod(creating), START.plus(plan.startTimeout()));

    assertThat(seen.target().phase()).isEqualTo(Phase.FAILED);
    assertThat(seen.target().reason()).isEqualTo("StartTimeout");
    assertThat(seen.target().message()).isEqualTo("the profiler container in pod web did not start within 20s (ContainerCreating)");
  }

  private static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
  }

  @Test
  void anImageTheKubeletGaveUpPullingFailsAtOnceWithTheFix() {
    TargetObservation seen = observe(pod(waiting("ImagePullBackOff", "Back-off pulling image \"x\"")), START.plusSeconds(1));

    assertThat(seen.target().phase()).isEqualTo(Phase.FAILED);
    assertThat(seen.target().reason()).isEqualTo("ImagePullFailed");
    assertThat(seen.target().message())
        .startsWith("the kubelet cannot pull the profiler image " + plan.image() + " for pod web (ImagePullBackOff: Back-off pulling image")
        .contains("imagePullSecrets");
    assertThat(observe(pod(waiting("InvalidImageName", "couldn't parse image name")), START).target().reason()).isEqualTo("ImagePullFailed");
  }

  @Test
  void aFirstFailedPullIsGivenAGraceThenFails() {
    ContainerState pull = waiting("ErrImagePull", "failed to pull and unpack image: not found");
    SessionPlan patient = new SessionPlan(plan.podName(), plan.podSelector(), plan.maxPods(), plan.container(), plan.processMatch(),
        plan.mode(), plan.duration(), plan.rate(), plan.privileged(), plan.image(), plan.bucket(), plan.prefix(), Duration.ofMinutes(2));

    TargetObservation early = observer.observe(session, patient, requested, Optional.of(pod(pull)), START, START.plusSeconds(2));
    assertThat(early.target().phase()).isEqualTo(Phase.PENDING);
    assertThat(early.target().message()).endsWith("(ErrImagePull: failed to pull and unpack image: not found)");
    assertThat(early.nextDeadline()).isEqualTo(START.plus(ContainerWaiting.PULL_GRACE));
    assertThat(observer.observe(session, patient, requested, Optional.of(pod(pull)), START, START.plus(ContainerWaiting.PULL_GRACE))
        .target().reason()).isEqualTo("ImagePullFailed");
  }

  @Test
  void aContainerConfigErrorFailsAtOnceNamingTheCause() {
    TargetObservation secret = observe(pod(waiting("CreateContainerConfigError",
        "failed to sync secret cache: timed out waiting for the condition")), START.plusSeconds(1));
    TargetObservation nonRoot = observe(pod(waiting("CreateContainerConfigError",
        "container has runAsNonRoot and image will run as root (pod: \"web_shop(1)\", container: pyrometer-1)")), START);

    assertThat(secret.target().reason()).isEqualTo("ContainerConfigError");
    assertThat(secret.target().message()).contains("failed to sync secret cache").contains("before 1.33");
    assertThat(nonRoot.target().reason()).isEqualTo("ContainerConfigError");
    assertThat(nonRoot.target().message()).contains("runAsNonRoot forbids the profiler image");
    assertThat(observe(pod(waiting("RunContainerError", "exec format error")), START).target().reason()).isEqualTo("ContainerStartFailed");
  }

  @Test
  void theFinishDeadlineCountsFromWhenTheProfilerStarted() {
    Instant started = START.plusSeconds(15);
    ContainerState running = new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build();
    Instant deadline = started.plus(plan.duration()).plusSeconds(300);

    TargetObservation before = observe(pod(running), deadline.minusMillis(1));
    assertThat(before.target().phase()).isEqualTo(Phase.PROFILING);
    assertThat(before.nextDeadline()).isEqualTo(deadline);
    assertThat(observe(pod(running), deadline).target().reason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void anObjectReplacedInStorageIsArtifactMismatch() {
    stored.put(key("summary.json"), 901L);

    TargetObservation seen = observe(pod(terminated(0, summary(ExitReason.COMPLETED, List.of(ref("summary.json", 900, true)), null))), START);

    assertThat(seen.target().reason()).isEqualTo("ArtifactMismatch");
    assertThat(seen.target().message()).startsWith("s3://" + key("summary.json") + ": storage holds 901 bytes with SHA-256 ")
        .contains("but the profiler uploaded 900 bytes");
    assertThat(seen.artifacts()).isEmpty();
  }

  @Test
  void anArtifactReportedWithoutDigestCannotBeCheckedAndFails() {
    stored.put(key("summary.json"), 900L);

    TargetObservation seen = observe(pod(terminated(0, summary(ExitReason.COMPLETED,
        List.of(new ArtifactRef("summary.json", 900, true)), null))), START);

    assertThat(seen.target().reason()).isEqualTo("ArtifactMismatch");
    assertThat(seen.target().message()).contains("reported no SHA-256");
  }

  @Test
  void isProfilingWhileTheContainerRunsUntilTheFinishDeadline() {
    ContainerState running = new ContainerStateBuilder().withNewRunning().withStartedAt("x").endRunning().build();

    assertThat(observe(pod(running), START.plusSeconds(10)).target().phase()).isEqualTo(Phase.PROFILING);
    TargetObservation late = observe(pod(running), START.plus(plan.startTimeout()).plus(plan.duration()).plusSeconds(300));
    assertThat(late.target().reason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void aMissingPodOrANewPodOfTheSameNameIsPodDeleted() {
    Pod replaced = pod(null);
    replaced.getMetadata().setUid("another-uid");

    assertThat(observe(null, START).target().reason()).isEqualTo("PodDeleted");
    assertThat(observe(replaced, START).target().reason()).isEqualTo("PodDeleted");
  }

  @Test
  void aMemorySessionReportsObjectsBytesAndItsSnapshotsNotSamples() {
    ProfileSession memory = Sessions.with(session(), spec -> {
      spec.setMode(dev.pyrometer.operator.api.Mode.MEMORY);
      spec.setDuration("30s");
    });
    SessionPlan memoryPlan = new SpecValidator(TestingOperatorConfig.forStorage("http://s3")).validate(memory.getSpec());
    stored.put(key("report.html"), 5000L);
    Finding finding = new Finding("memory.module-global", "`app.cache.ORDERS` (dict) holds 12.0 MB",
        "app.cache.ORDERS (dict) 12.0 MB", 0.6, "bound it");
    String message = SummaryCodec.toTerminationMessage(new RunSummary(1, "memory", 0, 30, 30.4, ExitReason.COMPLETED, 0,
        "58,210 Python objects, 20.0 MB (4 snapshots)",
        List.of(new ProcessSummary(1, "python app.py", "3.12.1", 58_210, 0, null, List.of("sys.modules", "app.cache", "ORDERS (dict)"),
            12L << 20, null, finding, 20L << 20, null, null)),
        List.of(ref("report.html", 5000, true)), finding));

    TargetObservation seen = observer.observe(memory, memoryPlan, requested, Optional.of(pod(terminated(0, message))), START, START.plusSeconds(31));

    assertThat(seen.target().phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(seen.target().samples()).isNull();
    assertThat(seen.target().objects()).isEqualTo(58_210L);
    assertThat(seen.target().bytes()).isEqualTo(20L << 20);
    assertThat(seen.target().top()).isEqualTo("app.cache.ORDERS (dict) 12.0 MB");
    assertThat(seen.target().message())
        .isEqualTo("58,210 Python objects (20.0 MiB) in 1 process(es) in pod web (4 heap snapshots spread over 30s)")
        .doesNotContain("sampled");
    assertThat(seen.target().processes()).singleElement().satisfies(p -> {
      assertThat(p.samples()).isNull();
      assertThat(p.objects()).isEqualTo(58_210L);
      assertThat(p.top()).isEqualTo("app.cache.ORDERS (dict) 12.0 MB");
    });
  }

  @Test
  void succeedsWithTheArtifactsFoundInStorageMainReportFirst() {
    stored.put(key("flamegraph.html"), 2000L);
    stored.put(key("summary.json"), 900L);
    String message = summary(ExitReason.COMPLETED,
        List.of(ref("summary.json", 900, true), ref("flamegraph.html", 2000, true), ref("speedscope.json", 10, false)),
        new Finding("blocking.subprocess", "waits", "handle_by_script (app.py:12)", 0.8, "x"));

    TargetObservation seen = observe(pod(terminated(0, message)), START.plusSeconds(5));

    assertThat(seen.target().phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(seen.target().reason()).isEqualTo("Completed");
    assertThat(seen.target().samples()).isEqualTo(400L);
    assertThat(seen.target().top()).isEqualTo("handle_by_script (app.py:12)");
    assertThat(seen.target().exitCode()).isZero();
    assertThat(seen.target().processes()).singleElement().satisfies(p -> assertThat(p.command()).isEqualTo("python app.py"));
    assertThat(seen.artifacts()).extracting(ArtifactStatus::name, ArtifactStatus::bytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("flamegraph.html", 2000L), org.assertj.core.groups.Tuple.tuple("summary.json", 900L));
    assertThat(seen.artifacts().get(0).uri()).isEqualTo("s3://" + key("flamegraph.html"));
  }

  @Test
  void withoutAFindingTheTopIsTheInnermostPythonFrame() {
    stored.put(key("summary.json"), 900L);

    TargetObservation seen = observe(pod(terminated(0, summary(ExitReason.COMPLETED, List.of(ref("summary.json", 900, true)), null))), START);

    assertThat(seen.target().top()).isEqualTo("wait (app.py:9)");
  }

  @Test
  void anArtifactReportedButNotStoredIsUploadFailed() {
    TargetObservation seen = observe(pod(terminated(0, summary(ExitReason.COMPLETED, List.of(ref("summary.json", 900, true)), null))), START);

    assertThat(seen.target().reason()).isEqualTo("UploadFailed");
    assertThat(seen.target().message()).isEqualTo("the profiler reported s3://" + key("summary.json") + " uploaded, but it is not in storage");
  }

  @Test
  void storageThatDoesNotAnswerIsLeftToTheRetry() {
    stored = null;

    assertThatThrownBy(() -> observe(pod(terminated(0, summary(ExitReason.COMPLETED, List.of(ref("summary.json", 900, true)), null))), START))
        .isInstanceOf(StorageUnavailableException.class);
  }

  @Test
  void theAgentsFailureReasonAndMessageBecomeTheTargets() {
    TargetObservation seen = observe(pod(terminated(6, summary(ExitReason.UNSUPPORTED_PYTHON_VERSION, List.of(), null))), START);

    assertThat(seen.target().reason()).isEqualTo("UnsupportedPythonVersion");
    assertThat(seen.target().message()).isEqualTo("message of UNSUPPORTED_PYTHON_VERSION");
    assertThat(seen.target().exitCode()).isEqualTo(6);
    assertThat(seen.artifacts()).isEmpty();
  }

  @Test
  void aCrashWithoutSummaryIsAgentFailedWithWhatTheContainerLeft() {
    TargetObservation seen = observe(pod(terminated(137, null)), START);

    assertThat(seen.target().reason()).isEqualTo("AgentFailed");
    assertThat(seen.target().message()).isEqualTo("the profiler exited with code 137 (Error) without writing its summary");
  }

  @Test
  void aTargetThatEndedIsNotLookedAtAgain() {
    TargetStatus done = requested.withPhase(Phase.SUCCEEDED, "Completed", "done");

    assertThat(observer.observe(session, plan, done, Optional.empty(), START, START).target()).isSameAs(done);
  }
}
