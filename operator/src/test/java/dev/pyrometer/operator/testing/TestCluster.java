package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything a reconciler test runs against: a real S3 server with the operator's bucket, the
 * mock API server, the test kubelet with a {@link ContainerRuntime}, and the operator itself.
 */
public final class TestCluster implements AutoCloseable {
  private final S3Server s3;
  private final ClusterApiServer api;
  private final Kubelet kubelet;
  private final TestingOperatorConfig config;
  private OperatorUnderTest operator;
  private int namespaces;

  private TestCluster(Path work, ContainerRuntime runtime, UnaryOperator<TestingOperatorConfig> configure) {
    try {
      s3 = S3Server.start(Files.createDirectories(work.resolve("s3")));
      s3.createBucket(TestingOperatorConfig.BUCKET);
      api = ClusterApiServer.start();
      kubelet = new Kubelet(api.client(), runtime, Files.createDirectories(work.resolve("kubelet")), api::version);
      config = configure.apply(TestingOperatorConfig.forStorage(s3.endpoint()));
      operator = OperatorUnderTest.start(api, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestCluster start(Path work, ContainerRuntime runtime) {
    return new TestCluster(work, runtime, c -> c);
  }

  public static TestCluster start(Path work, ContainerRuntime runtime, UnaryOperator<TestingOperatorConfig> configure) {
    return new TestCluster(work, runtime, configure);
  }

  /** A client with every permission (the user's kubectl, and the tests' eyes). */
  public KubernetesClient client() {
    return api.client();
  }

  public ClusterApiServer api() {
    return api;
  }

  public S3Server s3() {
    return s3;
  }

  public OperatorUnderTest operator() {
    return operator;
  }

  public OperatorConfig config() {
    return config;
  }

  /** A new namespace at the Pod Security level {@code privileged}. */
  public String newNamespace() {
    return newNamespace(Map.of());
  }

  public String newNamespace(Map<String, String> labels) {
    String name = "shop" + (++namespaces);
    api.createNamespace(name, labels);
    return name;
  }

  /** Stops the operator (as a crash would) and starts a new one with fresh caches. */
  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public void startOperator() {
    operator = OperatorUnderTest.start(api, config);
  }

  @Override
  public void close() {
    stopOperator();
    kubelet.close();
    api.close();
    s3.close();
  }
}
