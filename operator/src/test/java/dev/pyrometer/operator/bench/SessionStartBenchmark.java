package dev.pyrometer.operator.bench;

import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.ClusterApiServer;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.RequiredTools;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.Sessions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the operator starts many sessions at once, and what it costs in memory: N pods, then N
 * ProfileSessions created at once (one per pod) against the mock API server; measures the time
 * until every pod carries its profiler container (the operator's whole start path: resolve,
 * presign, Secret, ephemeral container patch, status), and the operator process's memory. The
 * operator is the packaged Quarkus application in a process of its own, so its memory is its
 * own. Run with operator/bench/session-start [N] [operator JVM options...].
 */
public final class SessionStartBenchmark {
  private static final String NAMESPACE = "bench";
  private static final String HARNESS = "pyrometer-benchmark-harness";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    List<String> jvmOptions = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    Path root = RequiredTools.repositoryRootForDemo();
    Path work = Files.createDirectories(root.resolve("operator/target/bench"));
    Path jar = root.resolve("operator/target/quarkus-app/quarkus-run.jar");

    try (S3Server s3 = S3Server.start(Files.createDirectories(work.resolve("s3")));
        ClusterApiServer api = ClusterApiServer.start()) {
      s3.createBucket("pyrometer");
      KubernetesClient client = api.newClient(HARNESS);
      api.createNamespace(NAMESPACE, Map.of());
      api.createNamespace("pyrometer", Map.of());
      long podsStart = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Pods.create(client, Pods.running(NAMESPACE, "web-" + i, Map.of("app", "web"), "app"));
      }
      long podsTook = System.nanoTime() - podsStart;
      int httpPort = freePort();
      Process operator = startOperator(jar, jvmOptions, work, api, s3, httpPort);
      try {
        waitForMetrics(httpPort, Duration.ofSeconds(120));
        long idleRss = rssKb(operator.pid());

        Map<String, Long> containerSeenAt = new ConcurrentHashMap<>();
        try (Watch ignored = client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            if (pod.getSpec().getEphemeralContainers() != null && !pod.getSpec().getEphemeralContainers().isEmpty()) {
              containerSeenAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
          Map<String, Long> createdAt = new ConcurrentHashMap<>();
          ExecutorService appliers = Executors.newFixedThreadPool(16);
          long start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            String pod = "web-" + i;
            appliers.submit(() -> {
              createdAt.put(pod, System.nanoTime());
              client.resource(Sessions.with(Sessions.byPodName(NAMESPACE, "s-" + pod, pod), s -> s.setStartTimeout("30m"))).create();
            });
          }
          appliers.shutdown();
          appliers.awaitTermination(5, TimeUnit.MINUTES);
          long applied = System.nanoTime();
          int requestsBefore = api.requests().size();
          while (containerSeenAt.size() < n && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(20);
          }
          long done = System.nanoTime();
          long operatorRequests = api.requests().stream().skip(requestsBefore).filter(r -> !r.userAgent().equals(HARNESS)).count()
              + api.requests().stream().limit(requestsBefore).filter(r -> !r.userAgent().equals(HARNESS) && r.method().matches("POST|PATCH|PUT|DELETE")).count();
          long peakRss = peakRssKb(operator.pid());
          long afterRss = rssKb(operator.pid());
          String metrics = get("http://127.0.0.1:" + httpPort + "/q/metrics");
          int pending = (int) client.resources(ProfileSession.class).inNamespace(NAMESPACE).list().getItems().stream()
              .filter(s -> s.getStatus() != null && s.getStatus().getPhase() != null).count();

          List<Long> latencies = new ArrayList<>();
          containerSeenAt.forEach((pod, seen) -> latencies.add(seen - createdAt.get(pod)));
          latencies.sort(null);
          System.out.printf("""
              mock API server baseline     %d pods created and given a status, one after the other, in %d ms
              sessions                     %d (one per pod), created by 16 threads in %d ms
              profiler containers added    %d of %d
              time until all were added    %d ms after the first create
              per session (create->added)  p50 %d ms, p95 %d ms, max %d ms
              sessions with a status       %d
              operator API requests        %d while starting them (about %.1f per session)
              operator RSS                 %d MiB idle, %d MiB after, %d MiB peak (VmHWM)
              operator JVM heap used       %s MiB (jvm_memory_used_bytes, area=heap)
              operator reconciles          %s
              operator JVM options         %s
              """,
              n, ms(podsTook), n, ms(applied - start), containerSeenAt.size(), n, ms(done - start),
              ms(percentile(latencies, 50)), ms(percentile(latencies, 95)), ms(latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)),
              pending, operatorRequests, operatorRequests / (double) n, idleRss / 1024, afterRss / 1024, peakRss / 1024, heapUsedMib(metrics), reconciles(metrics), jvmOptions.isEmpty() ? "(defaults)" : String.join(" ", jvmOptions));
        }
      } finally {
        operator.destroy();
        if (!operator.waitFor(20, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
    }
    System.exit(0);
  }

  private static Process startOperator(Path jar, List<String> jvmOptions, Path work, ClusterApiServer api, S3Server s3, int httpPort) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("operator.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", api.url());
    env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", "bench");
    env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", "pyrometer");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    env.put("QUARKUS_LOG_LEVEL", "WARN");
    env.put("PYROMETER_STORAGE_ENDPOINT", s3.endpoint());
    env.put("PYROMETER_STORAGE_ACCESS_KEY", S3Server.ACCESS_KEY);
    env.put("PYROMETER_STORAGE_SECRET_KEY", S3Server.SECRET_KEY);
    return builder.start();
  }

  private static void waitForMetrics(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get("http://127.0.0.1:" + port + "/q/metrics").contains("pyrometer_sessions")) {
          return;
        }
      } catch (Exception notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator did not start; see operator/target/bench/operator.log");
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static String heapUsedMib(String metrics) {
    Matcher m = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.E+]+)").matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return String.format("%.0f", total / 1024 / 1024);
  }

  /** Count and mean duration of pyrometer_reconcile_seconds over all outcomes. */
  private static String reconciles(String metrics) {
    double count = sum(metrics, "pyrometer_reconcile_seconds_count");
    double seconds = sum(metrics, "pyrometer_reconcile_seconds_sum");
    return String.format("%.0f, mean %.0f ms each (API calls included)", count, count == 0 ? 0 : seconds / count * 1000);
  }

  private static double sum(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static long rssKb(long pid) throws Exception {
    return statusField(pid, "VmRSS");
  }

  private static long peakRssKb(long pid) throws Exception {
    return statusField(pid, "VmHWM");
  }

  private static long statusField(long pid, String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
