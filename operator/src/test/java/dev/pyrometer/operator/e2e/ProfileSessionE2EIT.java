package dev.pyrometer.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProcessStatus;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.KubernetesVersion;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RealAgent;
import dev.pyrometer.operator.testing.RequiredTools;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TargetProcess;
import dev.pyrometer.operator.testing.TestCluster;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end with nothing simulated but the kubelet: the operator adds the profiler container to
 * a pod of the mock API server; the test kubelet runs the real agent with that container's args
 * and env (upload URLs inline, or from the Secret where the simulated version's kubelet may read
 * it) inside the PID namespace of a real CPython process; the agent uploads to a real S3 server
 * through the presigned URLs and writes its termination message; the operator reads it, checks
 * every stored object against the agent's SHA-256 and writes the status. The whole flow (offcpu,
 * cpu, memory, a selector over two pods) runs on every supported Kubernetes version.
 */
class ProfileSessionE2EIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path work;
  private static RealAgent agent;
  private static TestCluster cluster;
  private static KubernetesClient client;
  private static Path app;
  private final List<TargetProcess> targets = new ArrayList<>();
  private String ns;

  @BeforeAll
  static void startCluster() throws IOException {
    RequiredTools.check();
    app = work.resolve("checkout_app.py");
    try (InputStream in = ProfileSessionE2EIT.class.getResourceAsStream("/e2e/checkout_app.py")) {
      Files.copy(in, app);
    }
    agent = new RealAgent(RequiredTools.agentLauncher(), Files.createDirectories(work.resolve("agent-logs")));
    cluster = TestCluster.start(work, agent);
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void namespace() {
    ns = cluster.newNamespace();
  }

  @AfterEach
  void stopTargets() {
    targets.forEach(TargetProcess::close);
  }

  /** A pod whose container "app" is a real Python process running checkout_app.py. */
  private void runningPod(String name) throws IOException {
    runningPod(name, Map.of("app", "checkout"));
  }

  private void runningPod(String name, Map<String, String> labels) throws IOException {
    TargetProcess target = TargetProcess.start(RequiredTools.python(), app, work.resolve(ns + "-" + name + ".log"));
    targets.add(target);
    Pods.create(client, Pods.running(ns, name, labels, "app"));
    agent.register(ns, name, "app", target);
  }

  private ProfileSession session(String name, String pod, Mode mode) {
    return Sessions.with(Sessions.byPodName(ns, name, pod), spec -> {
      spec.setMode(mode);
      spec.setDuration("3s");
      spec.setStartTimeout("30s");
    });
  }

  private String artifact(ProfileSession done, String name) {
    return new String(artifactBytes(done, name), java.nio.charset.StandardCharsets.UTF_8);
  }

  private byte[] artifactBytes(ProfileSession done, String name) {
    ArtifactStatus a = done.getStatus().getArtifacts().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    String key = a.uri().substring(("s3://" + TestingOperatorConfig.BUCKET + "/").length());
    return cluster.s3().readBytes(TestingOperatorConfig.BUCKET, key);
  }

  /** Real agents on a loaded machine: generous. */
  private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(180);

  private ProfileSession await(ProfileSession created) {
    return SessionAssert.awaitPhase(client, created, Phase.SUCCEEDED, FLOW_TIMEOUT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.pyrometer.operator.testing.KubernetesVersion#supported")
  void theWholeFlowSucceedsOnEverySupportedVersion(KubernetesVersion version) throws IOException {
    cluster.api().simulate(version);
    // three real CPython processes: few enough for a loaded machine
    runningPod("web-6f9c7d-2xk4q");
    runningPod("sel-a", Map.of("app", "checkout", "role", "sel"));
    runningPod("sel-b", Map.of("app", "checkout", "role", "sel"));

    // one after the other: real agents sample real processes, and side by side on a loaded
    // machine they would starve each other of the samples the assertions are about
    anOffCpuSessionOnARealPythonProcessEndsWithItsFlameGraphInStorage(
        await(client.resource(session("checkout-slow", "web-6f9c7d-2xk4q", Mode.OFFCPU)).create()));
    aCpuSessionFindsTheHotFunction(await(client.resource(session("hot", "web-6f9c7d-2xk4q", Mode.CPU)).create()));
    aMemorySessionUploadsTheHeapReport(await(client.resource(session("heap", "web-6f9c7d-2xk4q", Mode.MEMORY)).create()));
    aSelectorSessionProfilesEachPod(await(client.resource(Sessions.with(Sessions.bySelector(ns, "fleet", Map.of("role", "sel"), 2), spec -> {
      spec.setMode(Mode.WALL);
      spec.setDuration("3s");
      spec.setStartTimeout("60s");
    })).create()));
    boolean inline = !version.nodeMayReadObjectsOfEphemeralContainers();
    assertThat(client.pods().inNamespace(ns).withName("web-6f9c7d-2xk4q").get().getSpec().getEphemeralContainers())
        .hasSize(3)
        .flatExtracting(c -> c.getEnv())
        .filteredOn(e -> e.getName().startsWith("PYROMETER_UPLOAD_"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getValueFrom() == null).as("inline URLs on %s", version).isEqualTo(inline));
    assertThat(client.secrets().inNamespace(ns).list().getItems()).as("upload Secrets left behind").isEmpty();
  }

  private void anOffCpuSessionOnARealPythonProcessEndsWithItsFlameGraphInStorage(ProfileSession done) {
    var status = done.getStatus();
    // the printer columns: MODE TARGET PHASE SAMPLES TOP
    assertThat(done.getSpec().getMode()).isEqualTo(Mode.OFFCPU);
    assertThat(status.getTarget()).isEqualTo("web-6f9c7d-2xk4q");
    assertThat(status.getSamples()).isPositive();
    // the agent's finding: the deepest frame of the target's own code on the blocking path
    assertThat(status.getTop()).startsWith("handle_by_script (checkout_app.py:");
    assertThat(status.getArtifacts().get(0).name()).isEqualTo("report.html");
    assertThat(status.getArtifacts()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.bytes()).isPositive();
      // checked by the operator against the agent's report, and here against the stored bytes
      assertThat(a.sha256()).isEqualTo(sha256(artifactBytes(done, a.name())));
    });
    assertThat(status.getArtifacts()).extracting(ArtifactStatus::name).contains("flamegraph.html", "profile.folded", "profile.pb.gz", "summary.json");
    List<String> keys = cluster.s3().keys(TestingOperatorConfig.BUCKET);
    assertThat(status.getArtifacts()).allSatisfy(a -> assertThat(keys).anyMatch(k -> a.uri().endsWith("/" + k)));
    // the target's own functions, as the agent saw them in its PID namespace
    ProcessStatus process = status.getTargets().get(0).processes().get(0);
    assertThat(process.pid()).isEqualTo(1);
    assertThat(process.command()).contains("checkout_app.py");
    assertThat(process.pythonVersion()).startsWith("3.");
    assertThat(process.samples()).isEqualTo(status.getSamples());
    assertThat(artifact(done, "flamegraph.html")).contains("handle_by_script").contains("serve");
    assertThat(artifact(done, "profile.folded")).contains("handle_by_script (checkout_app.py:");
  }

  private void aCpuSessionFindsTheHotFunction(ProfileSession done) {
    assertThat(artifact(done, "profile.folded")).contains("checkout_total (checkout_app.py:");
  }

  private void aMemorySessionUploadsTheHeapReport(ProfileSession done) {
    assertThat(client.pods().inNamespace(ns).withName("web-6f9c7d-2xk4q").get().getSpec().getEphemeralContainers())
        .anySatisfy(c -> assertThat(c.getArgs()).startsWith("heap"));
    assertThat(done.getStatus().getArtifacts()).extracting(ArtifactStatus::name).contains("memory-flamegraph.html", "memory.folded", "summary.json");
    assertThat(done.getStatus().getArtifacts().get(0).name()).isEqualTo("report.html");
    assertThat(artifact(done, "memory.folded")).contains("sys.modules");
    // the duration spreads snapshots over the session (at least two), and growth is analysed
    List<String> heapArgs = client.pods().inNamespace(ns).withName("web-6f9c7d-2xk4q").get().getSpec().getEphemeralContainers()
        .stream().map(c -> c.getArgs()).filter(a -> !a.isEmpty() && a.get(0).equals("heap")).reduce((a, b) -> b).orElseThrow();
    int snapshots = Integer.parseInt(heapArgs.get(heapArgs.indexOf("--snapshots") + 1));
    assertThat(snapshots).isGreaterThanOrEqualTo(2);
    assertThat(heapArgs).contains("--interval");
    assertThat(artifact(done, "summary.json")).contains("(" + snapshots + " snapshots)");
    assertThat(done.getStatus().getArtifacts()).extracting(ArtifactStatus::name).contains("memory-diff.folded");
    // the status speaks of objects and bytes, and TOP is short: module.variable (type) size
    assertThat(done.getStatus().getSamples()).isNull();
    assertThat(done.getStatus().getObjects()).isPositive();
    assertThat(done.getStatus().getBytes()).isPositive();
    assertThat(done.getStatus().getCollected()).matches("[0-9,]+ objects, [0-9.]+ [KMG]?i?B");
    assertThat(done.getStatus().getMessage()).contains("Python objects").doesNotContain("sample");
    assertThat(done.getStatus().getTargets().get(0).message()).contains("2 heap snapshots spread over 3s");
    assertThat(done.getStatus().getTop()).isNotBlank().doesNotContain("/").hasSizeLessThanOrEqualTo(60);
  }

  private void aSelectorSessionProfilesEachPod(ProfileSession done) {
    assertThat(done.getStatus().getTargets()).extracting(t -> t.pod()).containsExactlyInAnyOrder("sel-a", "sel-b");
    assertThat(done.getStatus().getTargets()).allSatisfy(t -> assertThat(t.samples()).isPositive());
    assertThat(done.getStatus().getArtifacts()).extracting(ArtifactStatus::pod).contains("sel-a", "sel-b");
  }

  private static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anAgentThatFindsNoMatchingProcessFailsWithProcessNotFound() throws IOException {
    runningPod("web");

    ProfileSession done = SessionAssert.awaitPhase(
        client,
        client.resource(Sessions.with(session("nomatch", "web", Mode.CPU), spec -> spec.getTarget().setProcessMatch("gunicorn"))).create(),
        Phase.FAILED, TIMEOUT);

    assertThat(done.getStatus().getReason()).isEqualTo("ProcessNotFound");
    assertThat(done.getStatus().getTargets().get(0).exitCode()).isEqualTo(3);
    assertThat(done.getStatus().getMessage()).isNotBlank();
  }

  @Test
  void anOperatorRestartedMidSessionCompletesIt() throws IOException {
    runningPod("web");
    ProfileSession session = client.resource(session("restart", "web", Mode.WALL)).create();
    SessionAssert.awaitPhase(client, session, Phase.PROFILING, TIMEOUT);

    cluster.restartOperator();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);
    assertThat(client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers()).hasSize(1);
    assertThat(done.getStatus().getSamples()).isPositive();
  }

  @Test
  void storageThatIsDownWhenTheAgentUploadsEndsInUploadFailed() throws IOException {
    runningPod("web");
    cluster.s3().stop();
    try {
      ProfileSession done = SessionAssert.awaitPhase(
          client, client.resource(session("nostorage", "web", Mode.CPU)).create(), Phase.FAILED, TIMEOUT);

      assertThat(done.getStatus().getReason()).isEqualTo("UploadFailed");
      assertThat(done.getStatus().getTargets().get(0).exitCode()).isEqualTo(8);
    } finally {
      cluster.s3().restart();
    }
  }
}
