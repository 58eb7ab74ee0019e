package dev.pyrometer.operator.demo;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.ClusterAccess;
import dev.pyrometer.operator.testing.ClusterApiServer;
import dev.pyrometer.operator.testing.Kubelet;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RealAgent;
import dev.pyrometer.operator.testing.RequiredTools;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.TargetProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.http.Method;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Pyrometer on a machine with no cluster, for a first look: the same parts as the end-to-end
 * test, kept running. A mock Kubernetes API server that kubectl can talk to, a local S3 server,
 * two pods of the demo checkout service (examples/demo_app.py, real Python processes in their own
 * PID namespaces; as in examples/demo-deployment.yaml each pod's load generator is a container of
 * its own, outside the service's PID namespace, so a session sees only the service), the test
 * kubelet that runs the real agent in them, and the operator itself (the Quarkus application, as
 * in its image). Started by {@code operator/demo/local-cluster}.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String NAMESPACE = "pyrometer-demo";
  public static final String BUCKET = "pyrometer";
  /** The bearer token of the demo kubeconfig's user (a cluster admin); the console accepts it too. */
  public static final String DEMO_TOKEN = "demo";
  public static final List<String> PODS = List.of("checkout-6f9c7d-2xk4q", "checkout-6f9c7d-8mzpl");

  /** Kept so the setting is not collected: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /**
   * @param api the mock API server's port (0: any free one)
   * @param s3 S3Proxy's port
   * @param metrics the operator's HTTP port (metrics, health)
   */
  public record Ports(int api, int s3, int metrics) {
    /** The defaults of operator/demo/local-cluster: uncommon ports, not a real API server's. */
    public static final Ports DEFAULTS = new Ports(26443, 29000, 28081);
  }

  /** How long the operator may take to report ready on a busy machine. */
  private static final java.time.Duration OPERATOR_READY_TIMEOUT = java.time.Duration.ofMinutes(3);

  private final List<AutoCloseable> processes = new ArrayList<>();
  private final List<AutoCloseable> services = new ArrayList<>();
  private S3Server s3;
  private ClusterApiServer api;
  private Path kubeconfig;
  private Process operator;
  private int operatorPort;

  private LocalCluster() {}

  public static void main(String[] args) {
    Path root = RequiredTools.repositoryRootForDemo();
    Ports ports = new Ports(Integer.getInteger("api.port", Ports.DEFAULTS.api()),
        Integer.getInteger("s3.port", Ports.DEFAULTS.s3()), Integer.getInteger("metrics.port", Ports.DEFAULTS.metrics()));
    String busy = busyPort(ports);
    if (busy != null) {
      System.err.println("pyrometer local cluster: " + busy);
      System.exit(2);
    }
    LocalCluster cluster = new LocalCluster();
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      System.out.println("stopping the local cluster...");
      cluster.close();
      System.out.println("local cluster stopped.");
    }));
    try {
      Path work = Files.createDirectories(root.resolve("operator/target/demo"));
      cluster.startAll(root, work, ports, System.out);
      cluster.awaitOperatorReady(ports.metrics() , work.resolve("operator.log"));
      cluster.printHowToUse(work, ports, System.out);
      cluster.operator.waitFor();
      if (stopping.get()) {
        return; // Ctrl-C: the shutdown hook stops the rest and says so
      }
      System.err.println("pyrometer local cluster: the operator exited with code " + cluster.operator.exitValue()
          + ": see operator/target/demo/operator.log");
    } catch (Exception e) {
      if (stopping.get()) {
        return;
      }
      System.err.println("pyrometer local cluster: " + e.getMessage());
    }
    // the servers' threads would keep the JVM alive; the shutdown hook stops the processes
    System.exit(1);
  }

  /**
   * Null when every port can be bound, else a sentence naming the first busy port and the variable
   * that moves it: checked before anything starts, so nothing is left half up.
   */
  static String busyPort(Ports ports) {
    Map<String, Integer> byVariable = new java.util.LinkedHashMap<>();
    byVariable.put("PYROMETER_DEMO_API_PORT", ports.api());
    byVariable.put("PYROMETER_DEMO_S3_PORT", ports.s3());
    byVariable.put("PYROMETER_DEMO_METRICS_PORT", ports.metrics());
    for (Map.Entry<String, Integer> e : byVariable.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), e.getValue()));
      } catch (java.io.IOException busy) {
        return "port " + e.getValue() + " is in use (" + busy.getMessage() + "): set " + e.getKey()
            + " to a free port, e.g. " + e.getKey() + "=" + (e.getValue() + 10000 > 65535 ? e.getValue() - 10000 : e.getValue() + 10000)
            + " operator/demo/local-cluster";
      }
    }
    return null;
  }

  /**
   * Waits for the operator's readiness endpoint, so "is up" means a session can be applied now;
   * fails with the log's place when the operator exits or never gets ready.
   */
  void awaitOperatorReady(int httpPort, Path log) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
    java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).timeout(java.time.Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + OPERATOR_READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited with code " + operator.exitValue() + " while starting: see " + log);
      }
      try {
        if (http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the operator was not ready within " + OPERATOR_READY_TIMEOUT.toMinutes() + " min: see " + log);
  }

  /** Starts everything; session progress (and report links) is printed to {@code out}. */
  public static LocalCluster start(Path root, Path work, Ports ports, PrintStream out) throws Exception {
    LocalCluster cluster = new LocalCluster();
    try {
      cluster.startAll(root, work, ports, out);
      cluster.awaitOperatorReady(cluster.operatorPort, work.resolve("operator.log"));
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(Path root, Path work, Ports ports, PrintStream out) throws Exception {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    RequiredTools.checkForDemo();
    Path jar = root.resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the operator first: mvn -pl operator -am package -DskipTests");
    }
    s3 = S3Server.start(Files.createDirectories(work.resolve("s3")), ports.s3() == 0 ? freePort() : ports.s3());
    processes.add(s3);
    s3.createBucket(BUCKET);
    api = ClusterApiServer.start(ports.api());
    services.add(api);
    kubeconfig = api.writeKubeconfig(work.resolve("kubeconfig"));
    // the kubeconfig's (and the operator's) token: a cluster admin, for kubectl and the console
    api.access().token(DEMO_TOKEN, "demo-admin", ClusterAccess.MASTERS);
    KubernetesClient client = api.client();
    api.createNamespace(NAMESPACE, Map.of("pod-security.kubernetes.io/enforce", "privileged"));
    api.createNamespace("pyrometer", Map.of());

    RealAgent agent = new RealAgent(RequiredTools.agentLauncher(), Files.createDirectories(work.resolve("agent-logs")));
    Path demoApp = root.resolve("examples/demo_app.py");
    for (String pod : PODS) {
      // as in examples/demo-deployment.yaml: the service in container "app", its load generator
      // in container "load" (each its own PID namespace), so profiling "app" sees only the service
      String port = Integer.toString(freePort());
      TargetProcess app = TargetProcess.start(RequiredTools.python(), demoApp, List.of(port, "--no-load"), work.resolve(pod + ".log"));
      processes.add(app);
      TargetProcess load = TargetProcess.start(RequiredTools.python(), demoApp, List.of("--load", port), work.resolve(pod + ".load.log"));
      processes.add(load);
      Pods.create(client, Pods.running(NAMESPACE, pod, Map.of("app", "checkout"), "app", "load"));
      agent.register(NAMESPACE, pod, "app", app);
      agent.register(NAMESPACE, pod, "load", load);
    }
    services.add(new Kubelet(client, agent, Files.createDirectories(work.resolve("kubelet"))));
    operatorPort = ports.metrics() == 0 ? freePort() : ports.metrics();
    operator = startOperator(jar, work, operatorPort);
    processes.add(() -> {
      operator.destroy();
      if (!operator.waitFor(10, TimeUnit.SECONDS)) {
        operator.destroyForcibly();
      }
    });
    services.add(client.resources(ProfileSession.class).inAnyNamespace().watch(new Progress(s3, out)));
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public S3Server s3() {
    return s3;
  }

  public KubernetesClient client() {
    return api.client();
  }

  public ClusterApiServer api() {
    return api;
  }

  /** The web console's address, e.g. http://127.0.0.1:28081/console/ (token {@link #DEMO_TOKEN}). */
  public String consoleUrl() {
    return "http://127.0.0.1:" + operatorPort + "/console/";
  }

  private void printHowToUse(Path work, Ports ports, PrintStream out) {
    out.printf("""

        Pyrometer local cluster is up, the operator ready (Ctrl-C stops it).
          API server   %s   (mock Kubernetes API; kubectl works against it)
          S3 storage   %s   (S3Proxy, bucket %s, files under %s)
          operator     log in %s, metrics on http://127.0.0.1:%d/q/metrics
          console      http://127.0.0.1:%d/console/   (bearer token: %s)
          pods         %s in namespace %s, running examples/demo_app.py
                       (container app; its load generator in container load)

        In another shell:
          export KUBECONFIG=%s
          kubectl -n %s get pods -l app=checkout           (examples/profilesession.yaml names the first)
          kubectl -n %s apply -f examples/profilesession.yaml
          watch kubectl -n %s get profilesessions        (or follow this window)
          kubectl -n %s describe profilesession checkout-slow

        """, api.url(), s3.endpoint(), BUCKET, work.resolve("s3/blobs"), work.resolve("operator.log"), operatorPort, operatorPort, DEMO_TOKEN,
        String.join(", ", PODS), NAMESPACE, kubeconfig, NAMESPACE, NAMESPACE, NAMESPACE, NAMESPACE);
  }

  /** The operator as it runs in its image: the Quarkus application, configured by environment. */
  private Process startOperator(Path jar, Path work, int httpPort) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("operator.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", api.url());
    env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", DEMO_TOKEN);
    env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "pyrometer");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    env.put("PYROMETER_STORAGE_ENDPOINT", s3.endpoint());
    env.put("PYROMETER_STORAGE_ACCESS_KEY", S3Server.ACCESS_KEY);
    env.put("PYROMETER_STORAGE_SECRET_KEY", S3Server.SECRET_KEY);
    env.put("PYROMETER_STORAGE_BUCKET", BUCKET);
    return builder.start();
  }

  /** A link a browser can open for an hour: the bucket itself stays private. */
  public static String presignedGet(S3Server s3, String uri) {
    String path = uri.substring("s3://".length());
    String bucket = path.substring(0, path.indexOf('/'));
    try {
      return s3.client().getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
          .bucket(bucket).object(path.substring(bucket.length() + 1)).expiry(3600).build());
    } catch (Exception e) {
      return uri + " (" + e.getMessage() + ")";
    }
  }

  @Override
  public synchronized void close() {
    // the processes first: they must not outlive this one, whatever else hangs
    for (List<AutoCloseable> group : List.of(processes, services)) {
      for (int i = group.size() - 1; i >= 0; i--) {
        try {
          group.get(i).close();
        } catch (Throwable ignored) {
          // shutting down anyway
        }
      }
      group.clear();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Prints each session's phase changes, and links to its HTML artifacts once it succeeded. */
  private static final class Progress implements Watcher<ProfileSession> {
    private final S3Server s3;
    private final PrintStream out;
    private final Map<String, Phase> seen = new ConcurrentHashMap<>();

    Progress(S3Server s3, PrintStream out) {
      this.s3 = s3;
      this.out = out;
    }

    @Override
    public void eventReceived(Action action, ProfileSession session) {
      Phase phase = session.getStatus() == null ? null : session.getStatus().getPhase();
      String name = session.getMetadata().getNamespace() + "/" + session.getMetadata().getName();
      if (phase == null || seen.put(name, phase) == phase) {
        return;
      }
      var status = session.getStatus();
      out.printf("%-36s %-10s %s%n", name, phase.value(), status.getMessage());
      if (phase == Phase.SUCCEEDED) {
        for (ArtifactStatus a : status.getArtifacts()) {
          if (a.name().endsWith(".html")) {
            out.printf("    open %s %s:%n      %s%n", a.pod(), a.name(), presignedGet(s3, a.uri()));
          }
        }
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
