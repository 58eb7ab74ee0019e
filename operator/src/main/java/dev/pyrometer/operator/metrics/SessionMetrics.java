package dev.pyrometer.operator.metrics;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * The operator's own metrics, next to JOSDK's: {@code pyrometer_sessions{phase}} (sessions now in
 * each phase, counted from the informer cache), {@code pyrometer_sessions_finished_total{phase,
 * reason}} and {@code pyrometer_reconcile_seconds{outcome}}.
 */
public final class SessionMetrics {
  private final MeterRegistry registry;

  public SessionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers one gauge per phase over the sessions the operator currently knows. */
  public void watch(ResourceCache<ProfileSession> sessions) {
    for (Phase phase : Phase.values()) {
      Gauge.builder("pyrometer.sessions", sessions, c -> c.list(s -> phaseOf(s) == phase).count())
          .description("ProfileSessions by phase")
          .tag("phase", phase.value())
          .register(registry);
    }
  }

  public Timer.Sample startReconcile() {
    return Timer.start(registry);
  }

  /** @param outcome e.g. {@code updated}, {@code unchanged}, {@code error} */
  public void endReconcile(Timer.Sample sample, String outcome) {
    sample.stop(
        Timer.builder("pyrometer.reconcile")
            .description("Time to reconcile one ProfileSession")
            .tag("outcome", outcome)
            .register(registry));
  }

  public void finished(Phase phase, String reason) {
    Counter.builder("pyrometer.sessions.finished")
        .description("ProfileSessions that reached a terminal phase")
        .tag("phase", phase.value())
        .tag("reason", Objects.requireNonNullElse(reason, ""))
        .register(registry)
        .increment();
  }

  private static Phase phaseOf(ProfileSession session) {
    // a session the operator has not looked at yet is pending
    return session.getStatus() == null || session.getStatus().getPhase() == null
        ? Phase.PENDING
        : session.getStatus().getPhase();
  }
}
