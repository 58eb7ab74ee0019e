package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.testing.Kubelet;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.ScriptedAgent.Outcome;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and hostile input: each ends in Failed with a clear reason, the kstatus conditions set, a
 * Warning event, and nothing left half-done (no upload Secret, no profiler container where the
 * session never started).
 */
class ProfileSessionFailuresIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final Duration FINISH_GRACE = Duration.ofSeconds(15);

  @TempDir static Path work;
  private static final ScriptedAgent agent = new ScriptedAgent();
  private static TestCluster cluster;
  private static KubernetesClient client;
  private String ns;

  @BeforeAll
  static void startCluster() {
    // a short grace, so the DeadlineExceeded case ends quickly (it counts from the profiler's
    // start), yet long enough for a scripted agent's uploads and hooks on a loaded machine
    cluster = TestCluster.start(work, agent, config -> config.withFinishGrace(FINISH_GRACE));
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void namespace() {
    ns = cluster.newNamespace();
    agent.script(launch -> Outcome.succeeds());
  }

  @AfterEach
  void nothingLeftHalfDone() {
    assertThat(client.secrets().inNamespace(ns).list().getItems()).as("upload Secrets left behind").isEmpty();
  }

  private ProfileSession failed(ProfileSession session, String reason) {
    ProfileSession done = session.getMetadata().getResourceVersion() != null
        ? session
        : SessionAssert.awaitPhase(client, client.resource(session).create(), Phase.FAILED, TIMEOUT);
    assertThat(done.getStatus().getReason()).isEqualTo(reason);
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            Tuple.tuple("Ready", "False", reason),
            Tuple.tuple("Reconciling", "False", reason),
            Tuple.tuple("Stalled", "True", reason));
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> e.getType().equals("Warning"))
        .extracting(Event::getReason)
        .contains(reason);
    return done;
  }

  private void noProfilerContainerIn(String pod) {
    assertThat(client.pods().inNamespace(ns).withName(pod).get().getSpec().getEphemeralContainers()).isNullOrEmpty();
  }

  @Test
  void aPodThatDoesNotExistIsTargetNotFound() {
    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web-gone"), "TargetNotFound");

    assertThat(done.getStatus().getMessage()).isEqualTo("pod web-gone not found in namespace " + ns);
    assertThat(done.getStatus().getTargets()).isEmpty();
  }

  @Test
  void aSelectorMatchingNothingIsTargetNotFound() {
    Pods.create(client, Pods.running(ns, "db", Map.of("app", "db"), "app"));

    ProfileSession done = failed(Sessions.bySelector(ns, "s", Map.of("app", "web"), 1), "TargetNotFound");

    assertThat(done.getStatus().getMessage()).isEqualTo("no pod in namespace " + ns + " matches app=web");
    noProfilerContainerIn("db");
  }

  @Test
  void aPodInAnotherNamespaceIsNotFound() {
    String other = cluster.newNamespace();
    Pods.create(client, Pods.running(other, "web", Map.of(), "app"));

    failed(Sessions.byPodName(ns, "s", "web"), "TargetNotFound");

    assertThat(client.pods().inNamespace(other).withName("web").get().getSpec().getEphemeralContainers()).isNullOrEmpty();
  }

  @Test
  void aContainerThatIsNotRunningIsTargetNotRunning() {
    Pods.create(client, Pods.waiting(ns, "web", "app", "CrashLoopBackOff"));

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "TargetNotRunning");

    assertThat(done.getStatus().getMessage()).isEqualTo("container app in pod web is not running (waiting: CrashLoopBackOff)");
    noProfilerContainerIn("web");
  }

  @Test
  void aPodWithSeveralContainersNeedsOneNamed() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app", "istio-proxy"));

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "ContainerRequired");

    assertThat(done.getStatus().getMessage()).isEqualTo("pod web has 2 containers (app, istio-proxy): set spec.target.container");
    noProfilerContainerIn("web");
  }

  @Test
  void aContainerNameThePodDoesNotHaveIsTargetNotFound() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(
        Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> spec.getTarget().setContainer("worker")), "TargetNotFound");

    assertThat(done.getStatus().getMessage()).isEqualTo("pod web has no container worker (its containers: app)");
  }

  @Test
  void aBaselineNamespaceRefusesTheProfilerWithTheServersMessage() {
    ns = cluster.newNamespace(Map.of("pod-security.kubernetes.io/enforce", "baseline"));
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(
        Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> spec.setAgent(Sessions.agent(false, null))),
        "PodSecurityRejected");

    assertThat(done.getStatus().getMessage())
        .startsWith("pods \"web\" is forbidden: violates PodSecurity \"baseline:latest\": non-default capabilities")
        .contains("\"SYS_PTRACE\"");
    assertThat(done.getStatus().getTargets()).singleElement().extracting(TargetStatus::phase).isEqualTo(Phase.FAILED);
    noProfilerContainerIn("web");
  }

  @Test
  void aPodAtTheEphemeralContainerLimitIsRefused() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    for (int i = 0; i < cluster.config().ephemeralContainerLimit(); i++) {
      client.pods().inNamespace(ns).withName("web").ephemeralContainers().patch(
          PatchContext.of(PatchType.STRATEGIC_MERGE),
          Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(
              new EphemeralContainerBuilder().withName("debugger-" + i).withImage("busybox:1.36").build())))));
    }

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "EphemeralContainerLimit");

    assertThat(done.getStatus().getMessage()).isEqualTo("pod web already has 10 ephemeral containers (limit 10)");
    assertThat(client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers()).hasSize(10);
    startedOnce();
  }

  /**
   * The session was started once: one upload Secret created, and it stays so. Here the kubelet is
   * still reporting the nine debuggers it starts when the session fails, and a pod event that
   * reached the operator before its own status write did had the session started again from a
   * stale cache (a second Secret, a second Warning).
   */
  private void startedOnce() {
    org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(cluster.api().requests()).as("upload Secrets created in " + ns)
            .filteredOn(r -> r.method().equals("POST") && r.path().equals("/api/v1/namespaces/" + ns + "/secrets"))
            .hasSize(1));
  }

  @Test
  void twoSessionsRacingForAPodsLastSlotAddOnlyOneContainer() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    int limit = cluster.config().ephemeralContainerLimit();
    for (int i = 0; i < limit - 1; i++) {
      client.pods().inNamespace(ns).withName("web").ephemeralContainers().patch(
          PatchContext.of(PatchType.STRATEGIC_MERGE),
          Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(
              new EphemeralContainerBuilder().withName("debugger-" + i).withImage("busybox:1.36").build())))));
    }

    ProfileSession a = client.resource(Sessions.byPodName(ns, "a", "web")).create();
    ProfileSession b = client.resource(Sessions.byPodName(ns, "b", "web")).create();
    List<ProfileSession> done = List.of(
        SessionAssert.awaitTerminal(client, a, TIMEOUT), SessionAssert.awaitTerminal(client, b, TIMEOUT));

    assertThat(client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers()).hasSize(limit);
    assertThat(done).extracting(s -> s.getStatus().getReason()).containsExactlyInAnyOrder("Completed", "EphemeralContainerLimit");
  }

  @Test
  void anAgentThatFindsNoProcessFailsWithItsOwnReason() {
    agent.script(launch -> Outcome.fails(ExitReason.PROCESS_NOT_FOUND));
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "ProcessNotFound");

    assertThat(done.getStatus().getMessage()).isEqualTo("scripted ProcessNotFound");
    assertThat(done.getStatus().getTargets().get(0).exitCode()).isEqualTo(3);
  }

  @Test
  void anAgentThatCrashesWithoutASummaryIsAgentFailed() {
    agent.script(launch -> Outcome.crashes(137));
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "AgentFailed");

    assertThat(done.getStatus().getMessage())
        .isEqualTo("the profiler exited with code 137 (Error) without writing its summary: panic: the scripted agent crashed");
  }

  @Test
  void aContainerThatNeverStartsIsStartTimeoutWithTheKubeletsReason() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(
        Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> {
          spec.setAgent(Sessions.agent(true, Kubelet.SLOW_PULL + "pyrometer:huge"));
          spec.setStartTimeout("2s");
        }),
        "StartTimeout");

    assertThat(done.getStatus().getMessage())
        .isEqualTo("the profiler container in pod web did not start within 2s (ContainerCreating)");
  }

  /** Fails with {@code reason} within 10 s of the session's creation (the kubelet says why in seconds). */
  private ProfileSession failedWithinSeconds(ProfileSession session, String reason) {
    ProfileSession done = SessionAssert.awaitPhase(client, client.resource(session).create(), Phase.FAILED, Duration.ofSeconds(10));
    assertThat(done.getStatus().getReason()).isEqualTo(reason);
    return failed(done, reason);
  }

  @Test
  void anImageThatCannotBePulledFailsWithinSecondsAsImagePullFailed() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failedWithinSeconds(
        Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> spec.setAgent(Sessions.agent(true, Kubelet.UNPULLABLE + "pyrometer:nope"))),
        "ImagePullFailed");

    assertThat(done.getStatus().getMessage())
        .startsWith("the kubelet cannot pull the profiler image registry.invalid/pyrometer:nope for pod web (ImagePullBackOff: Back-off pulling image")
        .contains("spec.agent.image").contains("imagePullSecrets");
  }

  @Test
  void aContainerConfigErrorFailsWithinSecondsAsContainerConfigError() {
    Pod pod = Pods.running(ns, "web", Map.of(), "app");
    pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withRunAsNonRoot(true).build());
    Pods.create(client, pod);

    ProfileSession done = failedWithinSeconds(Sessions.byPodName(ns, "s", "web"), "ContainerConfigError");

    assertThat(done.getStatus().getMessage())
        .startsWith("the kubelet refuses the profiler container's configuration in pod web (CreateContainerConfigError: container has runAsNonRoot")
        .contains("profile a pod without runAsNonRoot");
  }

  @Test
  void anArtifactReplacedThroughItsUploadUrlIsArtifactMismatch() {
    // whoever can read the pod (inline URLs) or the Secret could PUT over the agent's upload
    agent.script(launch -> Outcome.succeeds().thenBeforeExit(() ->
        assertThat(agent.put(launch.env().get(dev.pyrometer.contract.Artifact.SUMMARY.uploadEnvVar()), "{\"forged\": true}".getBytes())).isTrue()));
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "ArtifactMismatch");

    assertThat(done.getStatus().getMessage()).contains("/summary.json: storage holds 16 bytes with SHA-256 ")
        .contains("but the profiler uploaded").contains("do not trust it");
    assertThat(done.getStatus().getArtifacts()).isEmpty();
  }

  @Test
  void aProfilerThatNeverFinishesIsDeadlineExceeded() {
    agent.script(launch -> Outcome.hangs());
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    // a generous start timeout: the finish deadline counts from when the profiler started, so a
    // slow start on a loaded machine is not mistaken for a StartTimeout
    ProfileSession done = failed(
        Sessions.with(Sessions.byPodName(ns, "s", "web"), spec -> {
          spec.setDuration("1s");
          spec.setStartTimeout("30s");
        }),
        "DeadlineExceeded");

    assertThat(done.getStatus().getMessage()).startsWith("the profiler in pod web still runs").endsWith("(duration 1s, then 15s to finish)");
  }

  @Test
  void aPodDeletedMidSessionIsPodDeleted() {
    agent.script(launch -> Outcome.hangs());
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.PROFILING, TIMEOUT);

    client.pods().inNamespace(ns).withName("web").delete();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.FAILED, TIMEOUT);
    assertThat(done.getStatus().getReason()).isEqualTo("PodDeleted");
    assertThat(done.getStatus().getMessage()).isEqualTo("pod web was deleted during the session");
  }

  @Test
  void aNewPodWithTheSameNameIsNotMistakenForTheOldOne() {
    agent.script(launch -> Outcome.hangs());
    Pods.create(client, Pods.running(ns, "web-0", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web-0")).create();
    SessionAssert.awaitPhase(client, session, Phase.PROFILING, TIMEOUT);

    // a StatefulSet re-creates its pod under the same name
    client.pods().inNamespace(ns).withName("web-0").withGracePeriod(0).delete();
    org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(ns).withName("web-0").get() == null);
    Pods.create(client, Pods.running(ns, "web-0", Map.of(), "app"));

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.FAILED, TIMEOUT);
    assertThat(done.getStatus().getReason()).isEqualTo("PodDeleted");
    noProfilerContainerIn("web-0");
  }

  @Test
  void storageThatStopsAnsweringIsRetriedThenUploadFailed() {
    agent.script(launch -> Outcome.succeeds().thenBeforeExit(() -> cluster.s3().stop()));
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    try {
      ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "UploadFailed");

      assertThat(done.getStatus().getMessage()).contains("cannot reach storage to check s3://profiles/sessions/" + ns + "/s-");
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .filteredOn(e -> e.getReason().equals("StorageUnavailable"))
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(e -> assertThat(e.getMessage()).contains("retrying"));
    } finally {
      cluster.s3().restart();
    }
  }

  @Test
  void anAgentThatCannotUploadFailsWithUploadFailed() {
    cluster.s3().stop();
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    try {
      ProfileSession done = failed(Sessions.byPodName(ns, "s", "web"), "UploadFailed");
      assertThat(done.getStatus().getTargets().get(0).exitCode()).isEqualTo(8);
    } finally {
      cluster.s3().restart();
    }
  }

  @Test
  void aSpecTheSchemaWouldRefuseStillEndsInInvalidSpec() {
    // the mock API server does not run the CRD schema; a real one refuses these on apply
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));

    ProfileSession tooLong = failed(Sessions.with(Sessions.byPodName(ns, "long", "web"), spec -> spec.setDuration("45m")), "InvalidSpec");
    ProfileSession badRegex = failed(
        Sessions.with(Sessions.byPodName(ns, "regex", "web"), spec -> spec.getTarget().setProcessMatch("gunicorn(")), "InvalidSpec");

    assertThat(tooLong.getStatus().getMessage()).isEqualTo("spec.duration must be between 1s and 30m, not 45m");
    assertThat(badRegex.getStatus().getMessage()).startsWith("spec.target.processMatch is not a regular expression");
    noProfilerContainerIn("web");
  }

  @Test
  void aSelectorSessionFailsWhenOneOfItsPodsFailsAndKeepsTheOthersResults() {
    Pods.create(client, Pods.running(ns, "web-a", Map.of("app", "web"), "app"));
    Pods.create(client, Pods.running(ns, "web-b", Map.of("app", "web"), "app"));
    agent.script(launch -> launch.pod().getMetadata().getName().equals("web-b")
        ? Outcome.fails(ExitReason.UNSUPPORTED_PYTHON_VERSION) : Outcome.succeeds());

    ProfileSession done = failed(Sessions.bySelector(ns, "s", Map.of("app", "web"), 2), "UnsupportedPythonVersion");

    assertThat(done.getStatus().getMessage()).isEqualTo("pod web-b: scripted UnsupportedPythonVersion (1 of 2 pods failed)");
    assertThat(done.getStatus().getTargets()).extracting(TargetStatus::pod, TargetStatus::phase)
        .containsExactly(Tuple.tuple("web-a", Phase.SUCCEEDED), Tuple.tuple("web-b", Phase.FAILED));
    assertThat(done.getStatus().getArtifacts()).isNotEmpty().allSatisfy(a -> assertThat(a.pod()).isEqualTo("web-a"));
  }
}
