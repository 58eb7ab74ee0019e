package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.Optional;

/** Operator settings for tests run outside Quarkus, pointing at a test S3 server. */
public record TestingOperatorConfig(Agent agent, Storage storage, int ephemeralContainerLimit, Duration finishGrace)
    implements OperatorConfig {

  /** The image name the test kubelet maps to the agent. */
  public static final String AGENT_IMAGE = "ghcr.io/pyrometer/pyrometer-agent:test";
  public static final String BUCKET = "profiles";

  public static TestingOperatorConfig forStorage(String endpoint) {
    return new TestingOperatorConfig(
        new AgentSettings(AGENT_IMAGE, "IfNotPresent", "/tmp/pyrometer"),
        new StorageSettings(endpoint, Optional.empty(), S3Server.REGION, S3Server.ACCESS_KEY, S3Server.SECRET_KEY, BUCKET, "sessions", Duration.ofMinutes(10)),
        10,
        Duration.ofMinutes(5));
  }

  /** Pods reach the storage under another host name than the operator does. */
  public TestingOperatorConfig withPodEndpoint(String podEndpoint) {
    return new TestingOperatorConfig(agent,
        new StorageSettings(storage.endpoint(), Optional.of(podEndpoint), storage.region(), storage.accessKey(), storage.secretKey(),
            storage.bucket(), storage.prefix(), storage.uploadUrlMargin()),
        ephemeralContainerLimit, finishGrace);
  }

  public TestingOperatorConfig withEphemeralContainerLimit(int limit) {
    return new TestingOperatorConfig(agent, storage, limit, finishGrace);
  }

  public TestingOperatorConfig withFinishGrace(Duration grace) {
    return new TestingOperatorConfig(agent, storage, ephemeralContainerLimit, grace);
  }

  public record AgentSettings(String image, String imagePullPolicy, String outputDir) implements Agent {}

  public record StorageSettings(
      String endpoint, Optional<String> podEndpoint, String region, String accessKey, String secretKey,
      String bucket, String prefix, Duration uploadUrlMargin) implements Storage {}
}
