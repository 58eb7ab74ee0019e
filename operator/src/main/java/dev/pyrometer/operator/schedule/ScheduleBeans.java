package dev.pyrometer.operator.schedule;

import dev.pyrometer.operator.config.OperatorConfig;
import dev.pyrometer.operator.schedule.insight.MinioReportStore;
import dev.pyrometer.operator.schedule.insight.SessionInsights;
import dev.pyrometer.operator.status.EventRecorder;
import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Wires the schedule controller; {@link #reconciler} builds the same graph outside Quarkus. */
public class ScheduleBeans {

  @Produces
  @Singleton
  SessionInsights sessionInsights(OperatorConfig config) {
    return insights(config);
  }

  /** The reconciler and what it uses; {@code maxWait} as in {@link ProfileScheduleReconciler}. */
  public static ProfileScheduleReconciler reconciler(EventRecorder events, OperatorConfig config, Clock clock, Duration maxWait) {
    return new ProfileScheduleReconciler(events, insights(config), clock, maxWait);
  }

  /** Reads report.json with the operator's own storage credentials, at the operator's endpoint. */
  static SessionInsights insights(OperatorConfig config) {
    OperatorConfig.Storage storage = config.storage();
    MinioClient client =
        MinioClient.builder()
            .endpoint(storage.endpoint())
            .region(storage.region())
            .credentials(storage.accessKey(), storage.secretKey())
            .build();
    long timeout = TimeUnit.SECONDS.toMillis(10);
    client.setTimeout(timeout, timeout, timeout);
    return new SessionInsights(new MinioReportStore(client));
  }
}
