package dev.pyrometer.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pyrometer.operator.testing.RequiredTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's local demo as a newcomer runs it, on a fresh clone: {@code git clone} of this
 * repository's HEAD into an empty directory, then {@code operator/demo/local-cluster} exactly as
 * written (it builds the operator itself: nothing in the clone's {@code target/} but the agent
 * jar, copied to save the agent's build, which is not what this test is about; Maven's local
 * repository is shared). Then {@code kubectl apply} of the example session (shorter), followed to
 * Succeeded with the TOP the README promises, the report opened from the link the script printed,
 * and a Ctrl-C that stops everything quietly. Needs kubectl on the PATH: a failure in CI without
 * it, a skip elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
  /** The operator's build on a loaded 2-core machine, then its start. */
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);

  @TempDir static Path work;
  private static Path clone;
  private static Path log;
  private static Process cluster;
  private static Path kubeconfig;
  private static int apiPort;

  @BeforeAll
  static void cloneAndStart() throws Exception {
    RequiredTools.check();
    if (!(Files.isExecutable(Path.of("/usr/bin/kubectl")) || onPath("kubectl"))) {
      Assertions.assertNotEquals("true", System.getenv("CI"), "CI=true but kubectl is not on the PATH (the demo test needs it)");
      Assumptions.abort("the demo test needs kubectl on the PATH");
    }
    Path root = RequiredTools.repositoryRootForDemo();
    clone = work.resolve("clone");
    String head = run(root, "git", "rev-parse", "HEAD").strip();
    run(work, "git", "clone", "--quiet", "--no-checkout", root.toString(), clone.toString());
    run(clone, "git", "checkout", "--quiet", head);
    assertThat(clone.resolve("operator/target")).as("a fresh clone has no build output").doesNotExist();
    Files.createDirectories(clone.resolve("profiler-image/target"));
    Files.copy(root.resolve("profiler-image/target/pyrometer.jar"), clone.resolve("profiler-image/target/pyrometer.jar"),
        StandardCopyOption.REPLACE_EXISTING);

    apiPort = freePort();
    log = work.resolve("local-cluster.log");
    cluster = withPorts(new ProcessBuilder(clone.resolve("operator/demo/local-cluster").toString()), apiPort)
        .directory(clone.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    await().atMost(UP_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
      assertThat(cluster.isAlive()).as("local-cluster exited early:%n%s", output()).isTrue();
      return output().contains("is up");
    });
    kubeconfig = clone.resolve("operator/target/demo/kubeconfig");
  }

  /** The ports for this run: free ones, passed the documented way. */
  private static ProcessBuilder withPorts(ProcessBuilder builder, int api) throws IOException {
    builder.environment().put("PYROMETER_DEMO_API_PORT", Integer.toString(api));
    builder.environment().put("PYROMETER_DEMO_S3_PORT", Integer.toString(freePort()));
    builder.environment().put("PYROMETER_DEMO_METRICS_PORT", Integer.toString(freePort()));
    return builder;
  }

  @AfterAll
  static void stop() {
    if (cluster != null && cluster.isAlive()) {
      cluster.descendants().forEach(ProcessHandle::destroyForcibly);
      cluster.destroyForcibly();
    }
  }

  private static String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String tool) {
    return System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s:%n%s", String.join(" ", command), out).isZero();
    return out;
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(clone, command.toArray(String[]::new));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  @Order(1)
  void theScriptBuiltTheOperatorAndItsWholeClasspathAndSaidUpOnlyOnceTheOperatorWasReady() throws Exception {
    String out = output();
    assertThat(out).contains("Building the operator").doesNotContain("\u001b[");
    Path classpath = clone.resolve("operator/target/demo/classpath.txt");
    assertThat(Files.readString(classpath)).contains("kubernetes-client").contains("pyrometer-contract");
    assertThat(clone.resolve("operator/target/demo/classpath.txt.tmp")).doesNotExist();
    // "is up" follows the readiness endpoint: the operator answers now, on the port it printed
    Matcher metrics = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/q/metrics").matcher(out);
    assertThat(metrics.find()).isTrue();
    HttpResponse<String> ready = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(metrics.group(1) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aNewcomerAppliesTheExampleAndGetsTheTopTheReadmePromises() throws Exception {
    Path quick = work.resolve("profilesession.yaml");
    Files.writeString(quick, Files.readString(clone.resolve("examples/profilesession.yaml")).replaceAll("duration: \\S+", "duration: 5s"));
    // the pod name the example carries is one kubectl lists
    assertThat(kubectl("-n", "pyrometer-demo", "get", "pod", "-l", "app=checkout", "-o", "name")).contains("pod/checkout-6f9c7d-2xk4q");

    assertThat(kubectl("-n", "pyrometer-demo", "apply", "-f", quick.toString())).contains("profilesession.pyrometer.dev/checkout-slow created");
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
        kubectl("-n", "pyrometer-demo", "get", "profs", "checkout-slow", "-o", "jsonpath={.status.phase}").equals("Succeeded"));

    assertThat(kubectl("-n", "pyrometer-demo", "get", "profs", "checkout-slow", "-o", "jsonpath={.status.top}"))
        .isEqualTo("handle_by_script (demo_app.py:24)");
    // the agent profiled the service only: its load generator is in a container of its own
    assertThat(kubectl("-n", "pyrometer-demo", "get", "profs", "checkout-slow", "-o", "jsonpath={.status.targets[0].processes[*].command}"))
        .contains("demo_app.py").doesNotContain("--load");
    String table = kubectl("-n", "pyrometer-demo", "get", "profilesessions");
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+")).containsExactly("NAME", "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE");
    assertThat(table).contains("checkout-slow").contains("offcpu").contains("checkout-6f9c7d-2xk4q").contains("Succeeded")
        .contains("samples").contains("handle_by_script (demo_app.py:24)");
    String describe = kubectl("-n", "pyrometer-demo", "describe", "profilesession", "checkout-slow");
    assertThat(describe).contains("EphemeralContainerAdded").contains("ProfilerStarted").contains("s3://pyrometer/sessions/pyrometer-demo/checkout-slow-");

    // the first window follows the session and prints a link to its flame graph
    await().atMost(Duration.ofSeconds(30)).until(() -> output().contains("open checkout-6f9c7d-2xk4q flamegraph.html"));
    String out = output();
    assertThat(out).contains("pyrometer-demo/checkout-slow", "Pending", "Profiling", "Succeeded");
    Matcher link = Pattern.compile("open checkout-6f9c7d-2xk4q flamegraph\\.html:\\s+(http\\S+)").matcher(out);
    assertThat(link.find()).isTrue();
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("handle_by_script").doesNotContain("urlopen");
  }

  /**
   * The kubectl plugin (operator/kubectl-plugin, built by the reactor before this module) against
   * the running demo, as a user runs it: {@code kubectl-pyrometer record} with the demo's
   * kubeconfig and the console address the script printed. It follows the session to
   * Succeeded, prints the diagnosis, and leaves report.html on disk identical to the object in
   * storage (read from S3Proxy's own files, not through the console).
   */
  @Test
  @Order(3)
  void kubectlPyrometerRecordsPrintsTheDiagnosisAndDownloadsTheReportAsStored() throws Exception {
    Path root = RequiredTools.repositoryRootForDemo();
    Path launcher = root.resolve("operator/kubectl-plugin/bin/kubectl-pyrometer");
    assertThat(root.resolve("operator/kubectl-plugin/target/kubectl-pyrometer.jar"))
        .as("the plugin's jar (mvn -pl operator/kubectl-plugin,operator -am verify builds it first)").exists();
    Matcher console = Pattern.compile("console\\s+(http://127\\.0\\.0\\.1:\\d+/console/)\\s+\\(bearer token: [^)]+\\)").matcher(output());
    assertThat(console.find()).as("the script prints the console's address:%n%s", output()).isTrue();
    Path out = work.resolve("plugin-out");
    ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "record", "checkout-6f9c7d-2xk4q", "-c", "app",
        "--mode", "offcpu", "--duration", "5s", "-n", "pyrometer-demo", "--console", console.group(1), "--output", out.toString())
        .directory(work.toFile())
        .redirectOutput(work.resolve("plugin.out").toFile())
        .redirectError(work.resolve("plugin.err").toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process plugin = builder.start();
    assertThat(plugin.waitFor(5, TimeUnit.MINUTES)).as("kubectl-pyrometer record finished").isTrue();
    String stdout = Files.readString(work.resolve("plugin.out"));
    String stderr = Files.readString(work.resolve("plugin.err"));
    assertThat(plugin.exitValue()).as("stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();
    assertThat(stderr).doesNotContain("Exception").doesNotContain("error:");

    Matcher created = Pattern.compile("^profilesession\\.pyrometer\\.dev/(checkout-6f9c7d-2xk4q-offcpu-\\S+) created in namespace pyrometer-demo",
        Pattern.MULTILINE).matcher(stdout);
    assertThat(created.find()).as(stdout).isTrue();
    String session = created.group(1);
    // one line per phase, then the status's TOP and the agent's diagnosis, as `pyrometer record` prints it
    assertThat(stdout.lines().filter(l -> l.matches("(Pending|Profiling|Succeeded)(: .*)?")).map(l -> l.split(":")[0]).distinct())
        .endsWith("Profiling", "Succeeded");
    assertThat(stdout).contains("TOP: handle_by_script (demo_app.py:24)")
        .containsPattern("Diagnosis \\(\\d+% of samples\\): .*handle_by_script")
        .contains("  in your code: handle_by_script (demo_app.py:24)");

    String uri = kubectl("-n", "pyrometer-demo", "get", "profs", session, "-o",
        "jsonpath={.status.artifacts[?(@.name==\"report.html\")].uri}");
    assertThat(uri).startsWith("s3://pyrometer/");
    Path stored = clone.resolve("operator/target/demo/s3/blobs/pyrometer").resolve(uri.substring("s3://pyrometer/".length()));
    assertThat(stored).exists();
    assertThat(sha256(out.resolve("report.html"))).isEqualTo(sha256(stored))
        .isEqualTo(kubectl("-n", "pyrometer-demo", "get", "profs", session, "-o",
            "jsonpath={.status.artifacts[?(@.name==\"report.html\")].sha256}"));
    assertThat(Files.readString(out.resolve("report.html"))).contains("handle_by_script");
    assertThat(out.resolve("flamegraph.html")).exists();
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @Order(4)
  void ctrlCStopsEverythingQuietly() throws Exception {
    List<ProcessHandle> children = cluster.descendants().toList();
    run(work, "kill", "-INT", Long.toString(cluster.pid()));

    assertThat(cluster.waitFor(60, TimeUnit.SECONDS)).as("stopped on Ctrl-C:%n%s", output()).isTrue();
    String out = output();
    assertThat(out).contains("local cluster stopped.").doesNotContain("the operator exited");
    await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  @Order(5)
  void aBusyPortIsNamedWithTheVariableThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Process second = withPorts(new ProcessBuilder(clone.resolve("operator/demo/local-cluster").toString()), taken.getLocalPort())
          .directory(clone.toFile()).redirectErrorStream(true).start();
      String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(out).isEqualTo(2);
      assertThat(out).contains("port " + taken.getLocalPort() + " is in use").contains("PYROMETER_DEMO_API_PORT")
          .doesNotContain("Building");
    }
  }
}
