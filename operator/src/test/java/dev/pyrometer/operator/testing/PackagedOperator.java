package dev.pyrometer.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its image runs it: the packaged Quarkus application ({@code
 * operator/target/quarkus-app/quarkus-run.jar}, prod profile, so with leader election) in a JVM of
 * its own, configured by environment like the chart's Deployment, against a test API server and
 * S3 server. Closing it sends SIGTERM, then kills it if it does not go.
 */
public final class PackagedOperator implements AutoCloseable {
  private final Process process;
  private final String identity;
  private final Path log;

  private PackagedOperator(Process process, String identity, Path log) {
    this.process = process;
    this.identity = identity;
    this.log = log;
  }

  /** The packaged application; {@code mvn verify} packages it before the ITs run. */
  public static Path jar() {
    Path jar = dev.pyrometer.operator.api.ProfileSessionCrd.repositoryRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("the packaged operator is missing: " + jar + " (mvn -pl operator -am verify packages it first)");
    }
    return jar;
  }

  /**
   * @param identity the replica's pod name (HOSTNAME), its identity in the leader election
   * @param leaseNamespace the operator's namespace, where its Lease lives
   */
  public static PackagedOperator start(ClusterApiServer api, S3Server s3, String bucket, String identity, String leaseNamespace, Path logDir) {
    Path log = logDir.resolve("operator-" + identity + ".log");
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOSTNAME", identity);
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", api.url());
    env.put("QUARKUS_KUBERNETES_CLIENT_TOKEN", "test");
    env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", leaseNamespace);
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
    env.put("PYROMETER_AGENT_IMAGE", TestingOperatorConfig.AGENT_IMAGE);
    env.put("PYROMETER_STORAGE_ENDPOINT", s3.endpoint());
    env.put("PYROMETER_STORAGE_ACCESS_KEY", S3Server.ACCESS_KEY);
    env.put("PYROMETER_STORAGE_SECRET_KEY", S3Server.SECRET_KEY);
    env.put("PYROMETER_STORAGE_REGION", S3Server.REGION);
    env.put("PYROMETER_STORAGE_BUCKET", bucket);
    try {
      return new PackagedOperator(builder.start(), identity, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String identity() {
    return identity;
  }

  public Process process() {
    return process;
  }

  /** Its output so far, for a failure message. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM, as the kubelet sends at a rollout or drain. */
  public void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
