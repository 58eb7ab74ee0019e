package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.ephemeral.EphemeralContainerNames;
import dev.pyrometer.operator.testing.OperatorUnderTest;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RbacRequirements;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestCluster;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler against the mock API server (with the ephemeralcontainers subresource), a real S3
 * server and a scripted agent run by the test kubelet.
 */
class ProfileSessionReconcilerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static final ScriptedAgent agent = new ScriptedAgent();
  private static TestCluster cluster;
  private static KubernetesClient client;
  private static S3Server s3;
  private String ns;

  @BeforeAll
  static void startCluster() {
    // the operator reaches the storage as 127.0.0.1, the pods as localhost: URLs must be signed
    // for the pods' host name
    cluster = TestCluster.start(work, agent, config -> config.withPodEndpoint(config.storage().endpoint().replace("127.0.0.1", "localhost")));
    client = cluster.client();
    s3 = cluster.s3();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void namespace() {
    ns = cluster.newNamespace();
    agent.script(launch -> ScriptedAgent.Outcome.succeeds());
  }

  @Test
  void profilesAPodByNameAndReportsWhereTheResultsAre() {
    Pods.create(client, Pods.running(ns, "web-6f9c7d-2xk4q", Map.of("app", "web"), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "checkout-slow", "web-6f9c7d-2xk4q")).create();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    var status = done.getStatus();
    String uid8 = EphemeralContainerNames.shortUid(done.getMetadata().getUid());
    assertThat(status.getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(status.getReason()).isEqualTo("Completed");
    assertThat(status.getTarget()).isEqualTo("web-6f9c7d-2xk4q");
    assertThat(status.getSamples()).isEqualTo(5970L);
    assertThat(status.getTop()).isEqualTo(ScriptedAgent.TOP);
    assertThat(status.getStartTime()).isNotNull();
    assertThat(status.getCompletionTime()).isNotNull();
    TargetStatus target = status.getTargets().get(0);
    assertThat(target.ephemeralContainer()).isEqualTo("pyrometer-" + uid8);
    assertThat(target.container()).isEqualTo("app");
    assertThat(target.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(target.processes()).singleElement().satisfies(p -> {
      assertThat(p.pythonVersion()).isEqualTo("3.12.1");
      assertThat(p.samples()).isEqualTo(5970L);
    });
    String prefix = "sessions/" + ns + "/checkout-slow-" + uid8 + "/web-6f9c7d-2xk4q/";
    assertThat(status.getArtifacts()).extracting(ArtifactStatus::name)
        .containsExactly("report.html", "flamegraph.html", "speedscope.json", "profile.folded", "report.json", "profile.pb.gz",
            "summary.json");
    for (ArtifactStatus artifact : status.getArtifacts()) {
      assertThat(artifact.uri()).isEqualTo("s3://profiles/" + prefix + artifact.name());
      assertThat(artifact.bytes()).isEqualTo(s3.size("profiles", prefix + artifact.name()));
    }
    assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "True"),
            org.assertj.core.groups.Tuple.tuple("Reconciling", "False"),
            org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
  }

  /**
   * Sessions started at the same moment on one pod each add their own profiler, and each sees its
   * own profiler finish: the kubelet reports the containers of one pod in one status, and a
   * container's state must never be lost to another's update.
   */
  @Test
  void sessionsStartedAtTheSameMomentOnOnePodAllSucceed() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    List<ProfileSession> created = new java.util.ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      // a lost container state would end the session StartTimeout: after 20 s, not the default 2 min
      created.add(client.resource(Sessions.with(Sessions.byPodName(ns, name, "web"), spec -> spec.setStartTimeout("20s"))).create());
    }

    List<ProfileSession> done = created.stream()
        .map(s -> SessionAssert.awaitTerminal(client, s, Duration.ofSeconds(60))).toList();

    assertThat(done).extracting(s -> s.getMetadata().getName() + " " + s.getStatus().getReason() + ": " + s.getStatus().getMessage())
        .allSatisfy(line -> assertThat(line).contains(" Completed: "));
    Pod pod = client.pods().inNamespace(ns).withName("web").get();
    assertThat(pod.getSpec().getEphemeralContainers()).extracting(EphemeralContainer::getName)
        .containsExactlyInAnyOrderElementsOf(done.stream().map(s -> s.getStatus().getTargets().get(0).ephemeralContainer()).toList());
    assertThat(pod.getStatus().getEphemeralContainerStatuses()).hasSize(4)
        .allSatisfy(c -> assertThat(c.getState().getTerminated()).as(c.getName()).isNotNull());
  }

  @Test
  void addsOneProfilerContainerThatCarriesNoUploadUrl() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    Pod pod = client.pods().inNamespace(ns).withName("web").get();
    EphemeralContainer profiler = pod.getSpec().getEphemeralContainers().get(0);
    assertThat(pod.getSpec().getEphemeralContainers()).hasSize(1);
    assertThat(profiler.getTargetContainerName()).isEqualTo("app");
    assertThat(profiler.getImage()).isEqualTo(TestingOperatorConfig.AGENT_IMAGE);
    assertThat(profiler.getSecurityContext().getPrivileged()).isTrue();
    assertThat(profiler.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(profiler.getArgs()).containsExactly(
        "record", "--mode", "offcpu", "--duration", "2s", "--rate", "100", "--processes", "auto",
        "--output", "/tmp/pyrometer", "--upload-from-env", "--termination-log", "/dev/termination-log");
    assertThat(Serialization.asJson(pod)).doesNotContain("X-Amz-Signature").doesNotContain("http://127.0.0.1:" + s3.port());
    assertThat(profiler.getEnv()).filteredOn(e -> e.getName().startsWith("PYROMETER_UPLOAD_"))
        .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName()))
        .hasSize(7);
    // the Secret of URLs is gone once the session ended
    assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
    // the agent got working URLs through it, signed for the host name the pods use
    assertThat(agent.launches().get(agent.launches().size() - 1).env().get("PYROMETER_UPLOAD_SUMMARY_JSON"))
        .startsWith("http://localhost:" + s3.port() + "/profiles/").contains("X-Amz-Signature");
  }

  @Test
  void recordsAnEventForEachTransition() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);

    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("EphemeralContainerAdded", "ProfilerStarted", "Succeeded");
  }

  @Test
  void profilesTheOldestRunningPodsASelectorMatchesUpToMaxPods() throws Exception {
    Pods.create(client, Pods.running(ns, "web-a", Map.of("app", "web"), "app"));
    Thread.sleep(1100); // creationTimestamp has one-second resolution
    Pods.create(client, Pods.waiting(ns, "web-b", "app", "CrashLoopBackOff"));
    // kubectl label: a merge patch, so the simulated kubelet's status writes cannot make it conflict
    client.pods().inNamespace(ns).withName("web-b").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"app\":\"web\"}}}");
    Pods.create(client, Pods.running(ns, "web-c", Map.of("app", "web"), "app"));
    Pods.create(client, Pods.running(ns, "web-d", Map.of("app", "web"), "app"));
    Pods.create(client, Pods.running(ns, "db", Map.of("app", "db"), "app"));

    ProfileSession done = SessionAssert.awaitPhase(
        client, client.resource(Sessions.bySelector(ns, "s", Map.of("app", "web"), 2)).create(), Phase.SUCCEEDED, TIMEOUT);

    assertThat(done.getStatus().getTargets()).extracting(TargetStatus::pod).containsExactly("web-a", "web-c");
    assertThat(done.getStatus().getTarget()).isEqualTo("web-a (+1)");
    assertThat(done.getStatus().getSamples()).isEqualTo(2 * 5970L);
    assertThat(done.getStatus().getArtifacts()).extracting(ArtifactStatus::pod).containsOnly("web-a", "web-c").hasSize(14);
    assertThat(done.getStatus().getArtifacts().get(0).name()).isEqualTo("report.html");
    assertThat(client.pods().inNamespace(ns).withName("web-d").get().getSpec().getEphemeralContainers()).isNullOrEmpty();
  }

  @Test
  void passesTheSpecToTheAgentAndHonoursTheOverrides() {
    s3.createBucket("team-bucket");
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app", "sidecar"));
    ProfileSession session = Sessions.with(Sessions.byPodName(ns, "mem", "web"), spec -> {
      spec.setMode(dev.pyrometer.operator.api.Mode.MEMORY);
      spec.getTarget().setContainer("app");
      spec.getTarget().setProcessMatch("gunicorn: worker");
      spec.setAgent(Sessions.agent(false, "registry.example/pyrometer:custom"));
      var storage = new dev.pyrometer.operator.api.StorageSpec();
      storage.setBucket("team-bucket");
      storage.setPrefix("perf/");
      spec.setStorage(storage);
    });

    ProfileSession done = SessionAssert.awaitPhase(client, client.resource(session).create(), Phase.SUCCEEDED, TIMEOUT);

    EphemeralContainer profiler = client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers().get(0);
    assertThat(profiler.getArgs()).containsExactly(
        "heap", "--snapshots", "2", "--interval", "2s", "--match", "gunicorn: worker", "--processes", "auto",
        "--output", "/tmp/pyrometer", "--upload-from-env",
        "--termination-log", "/dev/termination-log");
    assertThat(profiler.getImage()).isEqualTo("registry.example/pyrometer:custom");
    assertThat(profiler.getSecurityContext().getPrivileged()).isNull();
    assertThat(profiler.getSecurityContext().getCapabilities().getAdd()).containsExactly("SYS_PTRACE");
    assertThat(profiler.getTargetContainerName()).isEqualTo("app");
    assertThat(done.getStatus().getArtifacts()).extracting(ArtifactStatus::name)
        .containsExactly("report.html", "memory-flamegraph.html", "memory.folded", "memory-report.json", "memory-diff.folded",
            "memory.pb.gz", "summary.json");
    assertThat(done.getStatus().getArtifacts().get(0).uri()).startsWith("s3://team-bucket/perf/" + ns + "/mem-");
    assertThat(s3.keys("team-bucket")).hasSize(7);
  }

  @Test
  void changesPodsOnlyThroughTheEphemeralContainersSubresourceAndStaysWithinItsRbac() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    SessionAssert.awaitPhase(client, client.resource(Sessions.byPodName(ns, "s", "web")).create(), Phase.SUCCEEDED, TIMEOUT);

    List<String> operatorCalls = cluster.api().requests().stream()
        .filter(r -> r.userAgent().equals(OperatorUnderTest.USER_AGENT))
        .map(RbacRequirements::needed)
        .distinct()
        .toList();
    assertThat(operatorCalls).filteredOn(call -> call.startsWith("/pods") && !call.endsWith("/get") && !call.endsWith("/list") && !call.endsWith("/watch"))
        .containsExactly("/pods/ephemeralcontainers/patch");
    assertThat(RbacRequirements.granted()).containsAll(operatorCalls);
  }

  @Test
  void reapplyingTheSameYamlAfterItSucceededChangesNothing() {
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
    ProfileSession done = SessionAssert.awaitPhase(client, client.resource(Sessions.byPodName(ns, "s", "web")).create(), Phase.SUCCEEDED, TIMEOUT);
    int launches = agent.launches().size();

    // what a GitOps sync does on every interval: apply the same spec, with its tracking metadata
    // (a merge patch without a resourceVersion, as kubectl apply sends it)
    client.resources(ProfileSession.class).inNamespace(ns).withName("s").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/tracking-id\":\"shop:pyrometer.dev/ProfileSession:" + ns + "/s\"}}}");

    org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
    ProfileSession after = client.resources(ProfileSession.class).inNamespace(ns).withName("s").get();
    assertThat(after.getStatus().getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(after.getStatus().getCompletionTime()).isEqualTo(done.getStatus().getCompletionTime());
    assertThat(after.getStatus().getObservedGeneration()).isEqualTo(after.getMetadata().getGeneration());
    assertThat(client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers()).hasSize(1);
    assertThat(agent.launches()).hasSize(launches);
  }
}
