package dev.pyrometer.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.ExitReason;
import dev.pyrometer.contract.Finding;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} against the Fabric8 mock API server (it stores what the plugin creates) and a
 * console stand-in: the session it creates, the phases it shows, the diagnosis it prints, the
 * files it leaves, and each kind of bad input as one line with its exit code.
 */
@EnableKubernetesMockClient(crud = true)
class RecordCommandTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  @TempDir static Path dir;
  static MockCluster cluster;
  static ConsoleStandIn console;

  @BeforeAll
  static void cluster() throws Exception {
    cluster = new MockCluster(server, client, dir);
    console = new ConsoleStandIn("alice-token");
    cluster.runningPod("shop", "web-1", Map.of("app", "web"), "app", "load");
    cluster.runningPod("shop", "solo-1", Map.of("app", "solo"), "main");
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToAnnotations(TargetResolver.DEFAULT_CONTAINER, "app").endMetadata()
        .withNewSpec().addNewContainer().withName("app").endContainer().addNewContainer().withName("load").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("idle").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "idle").endSelector()
        .withNewTemplate().withNewSpec().addNewContainer().withName("main").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  @BeforeEach
  void noSessions() {
    client.genericKubernetesResources(Sessions.CONTEXT).inNamespace("shop").delete();
  }

  @Test
  void recordFollowsTheSessionToSucceededPrintsTheDiagnosisAndDownloadsEveryArtifactVerified() throws Exception {
    Path out = dir.resolve("out");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CompletableFuture<MockCluster.Result> run = CompletableFuture.supplyAsync(() -> cluster.run(stdout, stderr,
        "record", "web-1", "-c", "app", "--mode", "offcpu", "--duration", "5s", "--console", console.url(),
        "--output", out.toString(), "--poll-interval", "50ms"));

    OperatorStandIn operator = new OperatorStandIn(client, "shop");
    GenericKubernetesResource created = operator.awaitSession();
    String name = created.getMetadata().getName();
    // what a user would have written by hand
    assertThat(name).startsWith("web-1-offcpu-"); // the API server adds the suffix (the mock a UUID, a real one 5 characters)
    assertThat(created.getMetadata().getGenerateName()).isEqualTo("web-1-offcpu-");
    assertThat(created.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(SessionView.JSON.valueToTree(created.getAdditionalProperties().get("spec")).toString())
        .isEqualTo("{\"target\":{\"podName\":\"web-1\",\"container\":\"app\"},\"mode\":\"offcpu\",\"duration\":\"5s\"}");

    byte[] report = ConsoleStandIn.utf8("<html>report of " + name + "</html>");
    byte[] flamegraph = new byte[200_000];
    new java.util.Random(7).nextBytes(flamegraph);
    RunSummary summary = new RunSummary(1, "offcpu", 100, 5, 5, ExitReason.COMPLETED, 0, null, List.of(), List.of(),
        new Finding("blocking.subprocess", "waits for a child process in handle_by_script", "handle_by_script (demo_app.py:24)", 0.66,
            "run it asynchronously"));
    console.put("shop", name, "web-1", "report.html", report);
    console.put("shop", name, "web-1", "flamegraph.html", flamegraph);
    console.put("shop", name, "web-1", "summary.json", ConsoleStandIn.utf8(SummaryCodec.toJson(summary)));
    console.put("shop", name, "web-1", "report.json", ConsoleStandIn.utf8("""
        {"schemaVersion":1,"findings":[
          {"title":"waits for a child process in handle_by_script","share":0.66,"verdict":"PROBLEM"},
          {"title":"idle HTTP server","share":0.30,"verdict":"IDLE"},
          {"title":"a minor thing","share":0.01,"verdict":"PROBLEM"}]}
        """));
    operator.drive(name, stdout, List.of(
        Map.of("phase", "Pending", "message", "waiting for the profiler container"),
        Map.of("phase", "Profiling", "message", "profiling pod web-1"),
        Map.of("phase", "Succeeded", "message", "500 samples from 1 pod", "top", "handle_by_script (demo_app.py:24)",
            "collected", "500 samples")));

    MockCluster.Result result = run.get(60, TimeUnit.SECONDS);
    assertThat(result.code()).as("%s", result).isZero();
    assertThat(result.err()).isEmpty();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("profilesession.pyrometer.dev/" + name + " created in namespace shop: offcpu 5s of pod/web-1 (container app)");
    // the session before the operator wrote its status, then one line per phase
    assertThat(lines.subList(1, 5)).containsExactly("Pending: waiting for the operator", "Pending: waiting for the profiler container", "Profiling: profiling pod web-1",
        "Succeeded: 500 samples from 1 pod");
    assertThat(result.out()).contains("TOP: handle_by_script (demo_app.py:24)")
        .contains("downloaded 4 artifacts")
        .contains("Diagnosis (66% of samples): waits for a child process in handle_by_script")
        .contains("  in your code: handle_by_script (demo_app.py:24)")
        .contains("  suggestion: run it asynchronously")
        .contains("   66%  waits for a child process in handle_by_script")
        .contains("   30%  idle HTTP server (idle)")
        .doesNotContain("a minor thing")
        .contains("full report: " + out.resolve("report.html").toAbsolutePath());
    // one pod: the files side by side, byte for byte what the console served
    assertThat(out.resolve("report.html")).hasBinaryContent(report);
    assertThat(out.resolve("flamegraph.html")).hasBinaryContent(flamegraph);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "report.html", "flamegraph.html", "summary.json", "report.json");
    }
    assertThat(console.tokensSeen).isNotEmpty().allMatch("alice-token"::equals);
  }

  @Test
  void aFailedSessionIsItsReasonInOneLineAndExitFour() throws Exception {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    CompletableFuture<MockCluster.Result> run = CompletableFuture.supplyAsync(() -> cluster.run(stdout, stderr,
        "record", "solo-1", "--console", console.url(), "--poll-interval", "50ms"));
    OperatorStandIn operator = new OperatorStandIn(client, "shop");
    String name = operator.awaitSession().getMetadata().getName();
    operator.drive(name, stdout, List.of(Map.of("phase", "Failed", "reason", "PodSecurityRejected",
        "message", "the namespace's Pod Security level \"baseline\" forbids the profiler container")));

    MockCluster.Result result = run.get(60, TimeUnit.SECONDS);
    assertThat(result.code()).as("%s", result).isEqualTo(ExitCode.SESSION_FAILED);
    assertThat(result.err()).isEqualTo("error: profilesession shop/" + name + " failed: PodSecurityRejected: "
        + "the namespace's Pod Security level \"baseline\" forbids the profiler container\n");
    // the only container of solo-1 was named for the operator
    assertThat(result.out()).startsWith("profilesession.pyrometer.dev/" + name + " created in namespace shop: cpu 30s of pod/solo-1 (container main)");
  }

  @Test
  void aDeploymentIsProfiledThroughItsSelectorAndTheTimeoutSaysTheSessionKeepsRunning() {
    MockCluster.Result result = cluster.run("record", "deploy/web", "--mode", "wall", "--duration", "10s", "--timeout", "1s",
        "--console", console.url(), "--poll-interval", "50ms");

    assertThat(result.code()).as("%s", result).isEqualTo(ExitCode.TIMEOUT);
    List<GenericKubernetesResource> sessions = cluster.sessions("shop");
    assertThat(sessions).hasSize(1);
    String name = sessions.get(0).getMetadata().getName();
    assertThat(name).startsWith("web-wall-");
    // the deployment's own selector, and its template's default-container annotation
    assertThat(SessionView.JSON.valueToTree(sessions.get(0).getAdditionalProperties().get("spec")).path("target").toString())
        .isEqualTo("{\"podSelector\":{\"matchLabels\":{\"app\":\"web\"}},\"container\":\"app\"}");
    assertThat(result.out().lines()).contains("Pending: waiting for the operator");
    assertThat(result.err()).isEqualTo("error: profilesession shop/" + name + " is still Pending after 1s; it keeps running: "
        + "kubectl pyrometer get " + name + " -n shop, then kubectl pyrometer open " + name + " -n shop\n");
  }

  @Test
  void badTargetsAreOneLineWithTheirExitCodeAndCreateNothing() {
    expect(cluster.run("record", "nope-1", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: pod \"nope-1\" not found in namespace shop");
    expect(cluster.run("record", "web-1", "-c", "db", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: pod/web-1 has no container \"db\" (containers: app, load)");
    expect(cluster.run("record", "web-1", "--console", console.url()), ExitCode.USAGE,
        "error: pod/web-1 has several containers (app, load): choose one with -c CONTAINER");
    expect(cluster.run("record", "deploy/nope", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: deployment \"nope\" not found in namespace shop");
    expect(cluster.run("record", "deploy/idle", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: deployment/idle has no running pod in namespace shop");
    expect(cluster.run("record", "statefulset/db", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: statefulset \"db\" not found in namespace shop");
    expect(cluster.run("record", "web-1", "-n", "other", "-c", "app", "--console", console.url()), ExitCode.NOT_FOUND,
        "error: pod \"web-1\" not found in namespace other");
    expect(cluster.run("record", "web-1", "-c", "app", "--mode", "heap", "--console", console.url()), ExitCode.USAGE,
        "error: --mode must be one of cpu, wall, offcpu, memory (got \"heap\")");
    expect(cluster.run("record", "web-1", "-c", "app", "--duration", "2h", "--console", console.url()), ExitCode.USAGE,
        "error: --duration must be between 1s and 30m (got 2h)");
    expect(cluster.run("--context", "prod", "record", "web-1", "--console", console.url()), ExitCode.USAGE,
        "error: context \"prod\" does not exist in the kubeconfig");
    expect(cluster.run("record", "--console", console.url()), ExitCode.USAGE,
        "error: Missing required parameter: 'TARGET' (see kubectl pyrometer record --help)");
    assertThat(cluster.sessions("shop")).isEmpty();
    assertThat(cluster.sessions("other")).isEmpty();
  }

  @Test
  void anUnreachableApiServerIsOneLineAndExitSix() throws Exception {
    Path broken = dir.resolve("unreachable-kubeconfig");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(broken, cluster.kubeconfig("    token: alice-token\n").replace(server.url("/").replaceAll("/$", ""), "https://127.0.0.1:" + port));
    MockCluster.Result result = MockCluster.runRaw("--kubeconfig", broken.toString(), "record", "web-1", "--console", console.url());
    assertThat(result.code()).as("%s", result).isEqualTo(ExitCode.KUBERNETES);
    assertThat(result.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("error: cannot look up pod/web-1: cannot reach the Kubernetes API server at https://127.0.0.1:" + port);
  }

  @Test
  void ctrlCWhileWaitingSaysTheSessionKeepsRunningAndHowToFollowIt() throws Exception {
    // a process of its own, as kubectl runs the plugin, so that SIGINT is real
    Path stdout = dir.resolve("ctrl-c.out");
    Path stderr = dir.resolve("ctrl-c.err");
    Process plugin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KubectlPyrometer.class.getName(),
        "--kubeconfig", cluster.kubeconfig.toString(), "record", "solo-1", "--console", console.url(), "--poll-interval", "100ms")
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
          .until(() -> Files.readString(stdout).contains("Pending: waiting for the operator"));
      String name = cluster.sessions("shop").get(0).getMetadata().getName();
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(plugin.pid())).start().waitFor()).isZero();
      if (!plugin.waitFor(60, TimeUnit.SECONDS)) { // seen once in a full run: say where it hung
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(plugin.pid()), "Thread.print").redirectErrorStream(true).start();
        String threads = new String(dump.getInputStream().readAllBytes());
        dump.waitFor(30, TimeUnit.SECONDS);
        org.junit.jupiter.api.Assertions.fail("the plugin did not exit within 60 s of SIGINT; stderr: "
            + Files.readString(stderr) + "; its threads:\n" + threads);
      }
      assertThat(plugin.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
      assertThat(Files.readString(stderr).strip()).isEqualTo("interrupted: profilesession shop/" + name + " keeps running; follow it with: "
          + "kubectl pyrometer get " + name + " -n shop, then kubectl pyrometer open " + name + " -n shop");
      assertThat(cluster.sessions("shop")).extracting(r -> r.getMetadata().getName()).containsExactly(name);
    } finally {
      plugin.destroyForcibly();
    }
  }

  static void expect(MockCluster.Result result, int code, String err) {
    assertThat(result.code()).as("%s", result).isEqualTo(code);
    assertThat(result.err()).as("%s", result).isEqualTo(err + "\n");
    assertThat(result.out()).as("%s", result).isEmpty();
  }
}
