package dev.pyrometer.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get, describe and open against the Fabric8 mock API server: the namespace comes from the
 * kubeconfig's context unless -n or --context say otherwise, as with kubectl; the console's
 * refusals and absence are one line each.
 */
@EnableKubernetesMockClient(crud = true)
class SessionCommandsTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  @TempDir static Path dir;
  static MockCluster cluster;
  static ConsoleStandIn console;
  static String uid;

  @BeforeAll
  static void sessions() throws Exception {
    cluster = new MockCluster(server, client, dir);
    console = new ConsoleStandIn("alice-token");
    GenericKubernetesResource done = session("shop", "checkout-slow", "offcpu", Map.of(
        "phase", "Succeeded", "reason", "Completed", "message", "512 samples from 1 pod; report: s3://b/k/report.html",
        "target", "checkout-1", "collected", "512 samples", "top", "handle_by_script (demo_app.py:24)",
        "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "Completed", "message", "done")),
        "targets", List.of(Map.of("pod", "checkout-1", "container", "app", "phase", "Succeeded", "top", "handle_by_script (demo_app.py:24)",
            "processes", List.of(Map.of("pid", 7, "command", "python demo_app.py", "pythonVersion", "3.12.1", "samples", 512)))),
        "artifacts", List.of(Map.of("pod", "checkout-1", "name", "report.html", "uri", "s3://b/k/report.html", "bytes", 12, "sha256", "ab"))));
    uid = done.getMetadata().getUid();
    session("shop", "checkout-cpu", "cpu", Map.of("phase", "Profiling", "target", "checkout-2"));
    session("shop", "broken", "wall", Map.of("phase", "Failed", "reason", "PodNotFound", "message", "pod \"gone\" not found"));
    session("other", "batch-mem", "memory", Map.of("phase", "Pending"));
    client.v1().events().inNamespace("shop").resource(new EventBuilder().withNewMetadata().withName("checkout-slow.1").endMetadata()
        .withNewInvolvedObject().withKind("ProfileSession").withName("checkout-slow").withUid(uid).withNamespace("shop").endInvolvedObject()
        .withType("Normal").withReason("ProfilerStarted").withMessage("profiling pod checkout-1")
        .withFirstTimestamp(Instant.now().minusSeconds(30).toString()).withLastTimestamp(Instant.now().minusSeconds(30).toString())
        .build()).create();
    console.put("shop", "checkout-slow", "checkout-1", "report.html", ConsoleStandIn.utf8("<html>slow</html>"));
    console.put("shop", "checkout-slow", "checkout-2", "report.html", ConsoleStandIn.utf8("<html>slow 2</html>"));
  }

  static GenericKubernetesResource session(String ns, String name, String mode, Map<String, Object> status) {
    GenericKubernetesResource s = new GenericKubernetesResource();
    s.setApiVersion(Sessions.API_VERSION);
    s.setKind(Sessions.KIND);
    s.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    s.setAdditionalProperty("spec", Map.of("mode", mode, "duration", "30s", "target", Map.of("podName", "x")));
    GenericKubernetesResource created = client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(ns).resource(s).create();
    created.setAdditionalProperty("status", status);
    return client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(ns).resource(created).updateStatus();
  }

  @Test
  void getListsTheContextsNamespaceAsKubectlDoesAndMinusNOrContextChangeIt() {
    MockCluster.Result shop = cluster.run("get");
    assertThat(shop.code()).as("%s", shop).isZero();
    List<String> lines = shop.out().lines().toList();
    assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("broken").contains("wall", "Failed");
    assertThat(lines.get(2)).startsWith("checkout-cpu").contains("cpu", "checkout-2", "Profiling");
    assertThat(lines.get(3)).startsWith("checkout-slow").contains("offcpu", "checkout-1", "Succeeded", "512 samples", "handle_by_script (demo_app.py:24)");
    // columns line up: every row's MODE starts where the header's does
    int mode = lines.get(0).indexOf("MODE");
    assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l.charAt(mode - 1)).isEqualTo(' '))
        .allSatisfy(l -> assertThat(l.charAt(mode)).isNotEqualTo(' '));

    assertThat(cluster.run("get", "-n", "other").out()).contains("batch-mem").doesNotContain("checkout");
    assertThat(cluster.run("--context", "other", "get").out()).contains("batch-mem").doesNotContain("checkout");
    assertThat(cluster.run("get", "-A").out().lines().toList().get(0)).startsWith("NAMESPACE");
    MockCluster.Result one = cluster.run("get", "checkout-cpu");
    assertThat(one.out().lines()).hasSize(2);
    RecordCommandTest.expect(cluster.run("get", "nope"), ExitCode.NOT_FOUND, "error: profilesession \"nope\" not found in namespace shop");
    MockCluster.Result empty = cluster.run("get", "-n", "default");
    assertThat(empty.code()).isZero();
    assertThat(empty.err()).isEqualTo("No resources found in default namespace.\n");
  }

  @Test
  void describeShowsStatusDiagnosisTargetsArtifactsConditionsAndEvents() {
    MockCluster.Result result = cluster.run("describe", "checkout-slow");
    assertThat(result.code()).as("%s", result).isZero();
    assertThat(result.out()).contains("Name:      checkout-slow").contains("Namespace: shop").contains("Mode:      offcpu")
        .contains("Phase:     Succeeded").contains("Reason:    Completed")
        .contains("Diagnosis:\n  TOP: handle_by_script (demo_app.py:24)\n  collected: 512 samples")
        .contains("  checkout-1 (container app): Succeeded")
        .contains("    pid 7, Python 3.12.1, 512 samples: python demo_app.py")
        .containsPattern("Artifacts:\n  POD +NAME +BYTES +URI\n  checkout-1 +report.html +12 +s3://b/k/report.html")
        .containsPattern("Conditions:\n  TYPE +STATUS +REASON +MESSAGE\n  Ready +True +Completed +done")
        .containsPattern("Events:\n  TYPE +REASON +AGE +MESSAGE\n  Normal +ProfilerStarted +\\d+s +profiling pod checkout-1");
    assertThat(cluster.run("describe", "broken").out()).contains("Phase:     Failed").contains("Message:   pod \"gone\" not found")
        .contains("Events:  <none>");
  }

  @Test
  void openDownloadsEveryPodsArtifactsIntoItsOwnFolder() throws Exception {
    Path out = dir.resolve("open");
    MockCluster.Result result = cluster.run("open", "checkout-slow", "--no-browser", "--console", console.url() + "/console/", "-o", out.toString());
    assertThat(result.code()).as("%s", result).isZero();
    assertThat(out.resolve("checkout-1/report.html")).hasContent("<html>slow</html>");
    assertThat(out.resolve("checkout-2/report.html")).hasContent("<html>slow 2</html>");
    assertThat(result.out()).contains("downloaded 2 artifacts").contains("full report: " + out.resolve("checkout-1/report.html").toAbsolutePath());
    RecordCommandTest.expect(cluster.run("open", "broken", "--console", console.url()), ExitCode.SESSION_FAILED,
        "error: profilesession shop/broken failed: PodNotFound: pod \"gone\" not found");
  }

  @Test
  void withoutConsoleTheApiServersServiceProxyCarriesTheTokenInXPyrometerToken() throws Exception {
    // the API server's service proxy to the operator's Service, as the chart names it
    String base = "/api/v1/namespaces/pyrometer-system/services/pyrometer:http/proxy/console/api/v1/namespaces/shop/profilesessions/"
        + "checkout-slow/artifacts";
    String sha = ConsoleStandIn.sha256(ConsoleStandIn.utf8("proxied"));
    server.expect().get().withPath(base).andReturn(200, "{\"items\":[{\"pod\":\"checkout-1\",\"name\":\"report.html\",\"bytes\":7,"
        + "\"sha256\":\"" + sha + "\",\"path\":\"checkout-1/report.html\"}]}").once();
    server.expect().get().withPath(base + "/checkout-1/report.html").andReturn(200, "proxied").once();
    Path out = dir.resolve("proxied");

    MockCluster.Result result = cluster.run("open", "checkout-slow", "--no-browser", "-o", out.toString());

    assertThat(result.code()).as("%s", result).isZero();
    assertThat(out.resolve("report.html")).hasContent("proxied");
    List<String> tokens = new java.util.ArrayList<>();
    for (var r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS); r != null; r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS)) {
      if (r.getPath().startsWith(base)) {
        tokens.add(r.getHeader("X-Pyrometer-Token"));
      }
    }
    assertThat(tokens).containsExactly("alice-token", "alice-token");
  }

  @Test
  void theConsolesRefusalAndAbsenceAreOneLineEach() throws Exception {
    try (ConsoleStandIn strict = new ConsoleStandIn("someone-else")) {
      MockCluster.Result refused = cluster.run("open", "checkout-slow", "--no-browser", "--console", strict.url(), "-o", dir.resolve("x").toString());
      assertThat(refused.code()).as("%s", refused).isEqualTo(ExitCode.CONSOLE_REFUSED);
      assertThat(refused.err()).isEqualTo("error: the console refused the artifacts of shop/checkout-slow (401): the token is invalid or expired\n");
      assertThat(strict.tokensSeen).containsOnly("alice-token");
    }
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MockCluster.Result unreachable = cluster.run("open", "checkout-slow", "--no-browser", "--console", "http://127.0.0.1:" + port);
    assertThat(unreachable.code()).as("%s", unreachable).isEqualTo(ExitCode.CONSOLE_UNREACHABLE);
    assertThat(unreachable.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("error: cannot reach the console at http://127.0.0.1:" + port);
    // no --console: through the API server's service proxy, which this API server does not offer
    MockCluster.Result proxied = cluster.run("open", "checkout-slow", "--no-browser");
    assertThat(proxied.code()).as("%s", proxied).isEqualTo(ExitCode.CONSOLE_UNREACHABLE);
    assertThat(proxied.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("pyrometer-system").contains("--console");
    assertThat(Files.exists(dir.resolve("pyrometer-checkout-slow"))).isFalse();
  }
}
