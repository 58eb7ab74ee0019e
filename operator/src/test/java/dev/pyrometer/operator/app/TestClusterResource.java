package dev.pyrometer.operator.app;

import dev.pyrometer.operator.testing.ClusterApiServer;
import dev.pyrometer.operator.testing.Kubelet;
import dev.pyrometer.operator.testing.S3Server;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The cluster around the Quarkus application under test: mock API server, S3 server and test
 * kubelet (with the scripted agent), started before the application and wired in by config.
 */
public class TestClusterResource implements QuarkusTestResourceLifecycleManager {
  static ClusterApiServer api;
  static S3Server s3;
  static final ScriptedAgent agent = new ScriptedAgent();
  private Kubelet kubelet;
  private Path work;

  @Override
  public Map<String, String> start() {
    try {
      work = Files.createTempDirectory("pyrometer-quarkus-test");
      s3 = S3Server.start(Files.createDirectories(work.resolve("s3")));
      s3.createBucket(TestingOperatorConfig.BUCKET);
      api = ClusterApiServer.start();
      kubelet = new Kubelet(api.client(), agent, Files.createDirectories(work.resolve("kubelet")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "quarkus.kubernetes-client.api-server-url", api.url(),
        "quarkus.kubernetes-client.token", "test",
        "pyrometer.storage.endpoint", s3.endpoint(),
        "pyrometer.storage.access-key", S3Server.ACCESS_KEY,
        "pyrometer.storage.secret-key", S3Server.SECRET_KEY,
        "pyrometer.storage.bucket", TestingOperatorConfig.BUCKET);
  }

  @Override
  public void stop() {
    kubelet.close();
    api.close();
    s3.close();
  }
}
