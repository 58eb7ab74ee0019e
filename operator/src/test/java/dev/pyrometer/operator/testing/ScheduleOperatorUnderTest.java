package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.config.OperatorConfig;
import dev.pyrometer.operator.schedule.ScheduleBeans;
import dev.pyrometer.operator.status.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;

/**
 * The ProfileSchedule controller run by a plain JOSDK {@link Operator} beside the session operator
 * of a {@link TestCluster}, on a clock the test moves. It looks at its schedules every 100 ms of
 * real time (the production controller waits for the next cron time, at most 5 minutes), so that
 * a moved clock is noticed at once.
 */
public final class ScheduleOperatorUnderTest implements AutoCloseable {
  private final Operator operator;
  private final KubernetesClient client;

  private ScheduleOperatorUnderTest(ClusterApiServer api, OperatorConfig config, Clock clock) {
    this.client = api.newClient(OperatorUnderTest.USER_AGENT);
    this.operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
            .withStopOnInformerErrorDuringStartup(true).withUseSSAToPatchPrimaryResource(false));
    operator.register(ScheduleBeans.reconciler(new EventRecorder(client, clock, "test"), config, clock, Duration.ofMillis(100)));
    operator.start();
  }

  public static ScheduleOperatorUnderTest start(ClusterApiServer api, OperatorConfig config, Clock clock) {
    return new ScheduleOperatorUnderTest(api, config, clock);
  }

  @Override
  public void close() {
    operator.stop();
    client.close();
  }
}
