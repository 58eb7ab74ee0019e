package dev.pyrometer.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's settings ({@code pyrometer.*} in application.properties, or {@code PYROMETER_*}
 * environment variables set by the Helm chart).
 */
@ConfigMapping(prefix = "pyrometer")
public interface OperatorConfig {

  /** The profiler container. */
  Agent agent();

  /** Where artifacts go, and how the operator and the pods reach it. */
  Storage storage();

  /**
   * The most ephemeral containers a pod may carry before sessions on it are refused: they can
   * never be removed, and each one grows the pod object for the pod's whole life.
   */
  @WithDefault("10")
  int ephemeralContainerLimit();

  /**
   * How long after the sampling duration a running profiler may take to render and upload
   * before the session fails with DeadlineExceeded.
   */
  @WithDefault("5m")
  Duration finishGrace();

  /** The profiler container. */
  interface Agent {
    /** The agent image used when a session names none; pinned per release by the chart. */
    String image();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** Where the agent writes its artifacts inside its own container before uploading them. */
    @WithDefault("/tmp/pyrometer")
    String outputDir();
  }

  /** Object storage (any S3 API: AWS S3, MinIO, Ceph, S3Proxy...). */
  interface Storage {
    /** The S3 endpoint as the operator reaches it, e.g. http://minio.pyrometer:9000. */
    String endpoint();

    /**
     * The S3 endpoint as the profiled pods reach it, when it differs from {@link #endpoint()}:
     * presigned URLs are signed for one host.
     */
    Optional<String> podEndpoint();

    /** Set so that presigning needs no call to the storage (no GetBucketLocation). */
    @WithDefault("us-east-1")
    String region();

    String accessKey();

    String secretKey();

    /** The bucket when a session names none. */
    @WithDefault("pyrometer")
    String bucket();

    /** The key prefix when a session names none. */
    @WithDefault("sessions")
    String prefix();

    /**
     * Added to a session's startTimeout and duration to get the lifetime of its upload URLs:
     * the time the agent may need to render and upload.
     */
    @WithDefault("10m")
    Duration uploadUrlMargin();
  }
}
