package dev.pyrometer.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.RequiredTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, as a newcomer would run it: the local cluster up, {@code kubectl apply -f
 * examples/profilesession.yaml} (with a shorter duration), the session followed with kubectl to
 * Succeeded, its printer columns and events shown, and the report opened from the local S3 server.
 * Needs kubectl on the PATH: a failure in CI without it, a skip elsewhere.
 */
class LocalClusterIT {
  @TempDir static Path work;
  private static LocalCluster cluster;
  private static final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    RequiredTools.check();
    if (!(Files.isExecutable(Path.of("/usr/bin/kubectl")) || onPath("kubectl"))) {
      Assertions.assertNotEquals("true", System.getenv("CI"), "CI=true but kubectl is not on the PATH (the demo test needs it)");
      Assumptions.abort("the demo test needs kubectl on the PATH");
    }
    Path root = RequiredTools.repositoryRootForDemo();
    // mvn verify packages the operator before failsafe runs this test
    Assertions.assertTrue(Files.exists(root.resolve("operator/target/quarkus-app/quarkus-run.jar")),
        "the demo test runs the packaged operator (mvn -pl operator -am verify packages it first)");
    cluster = LocalCluster.start(root, work, new LocalCluster.Ports(0, 0, 0), new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static boolean onPath(String tool) {
    return System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("kubectl %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void aNewcomerAppliesTheExampleAndOpensTheReport() throws Exception {
    Path example = RequiredTools.repositoryRootForDemo().resolve("examples/profilesession.yaml");
    Path quick = work.resolve("profilesession.yaml");
    Files.writeString(quick, Files.readString(example).replaceAll("duration: \\S+", "duration: 3s"));

    assertThat(kubectl("apply", "-f", quick.toString())).contains("profilesession.pyrometer.dev/checkout-slow created");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
        kubectl("-n", "pyrometer-demo", "get", "profs", "checkout-slow", "-o", "jsonpath={.status.phase}").equals("Succeeded"));

    String table = kubectl("-n", "pyrometer-demo", "get", "profilesessions");
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+")).containsExactly("NAME", "MODE", "TARGET", "PHASE", "SAMPLES", "TOP", "AGE");
    assertThat(table).contains("checkout-slow").contains("offcpu").contains("checkout-6f9c7d-2xk4q").contains("Succeeded");
    String describe = kubectl("-n", "pyrometer-demo", "describe", "profilesession", "checkout-slow");
    assertThat(describe).contains("EphemeralContainerAdded").contains("ProfilerStarted").contains("s3://pyrometer/sessions/pyrometer-demo/checkout-slow-");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("pyrometer-demo/checkout-slow", "Pending", "Profiling", "Succeeded");

    ProfileSession done = cluster.client().resources(ProfileSession.class).inNamespace("pyrometer-demo").withName("checkout-slow").get();
    String flamegraph = done.getStatus().getArtifacts().stream().filter(a -> a.name().equals("flamegraph.html")).findFirst().orElseThrow().uri();
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(LocalCluster.presignedGet(cluster.s3(), flamegraph))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("handle_by_script");
  }
}
