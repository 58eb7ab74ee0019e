package dev.pyrometer.operator.schedule;

import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileScheduleSpec;
import dev.pyrometer.operator.api.ProfileScheduleStatus;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.schedule.insight.SessionInsights;
import dev.pyrometer.operator.status.EventRecorder;
import dev.pyrometer.operator.status.SessionEvent;
import dev.pyrometer.operator.status.StatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The JOSDK entry point for ProfileSchedules: at each cron time creates the run's ProfileSession
 * (owned by the schedule), writes each new successful session's insight, deletes sessions beyond
 * the history limits, and looks again at the next cron time. Its sessions' events (a session
 * finishing) reach it through their owner references.
 */
@ControllerConfiguration(name = ProfileScheduleReconciler.NAME)
public class ProfileScheduleReconciler implements Reconciler<ProfileSchedule> {
  public static final String NAME = "profileschedule";
  /**
   * The longest wait between two looks at a schedule, even when the next run is further away: a
   * wall clock that jumps (a suspended VM, NTP) is noticed within it.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);

  private static final Logger LOG = Logger.getLogger(ProfileScheduleReconciler.class);

  private final EventRecorder events;
  private final SessionInsights insights;
  private final Clock clock;
  private final Duration maxWait;

  @Inject
  public ProfileScheduleReconciler(EventRecorder events, SessionInsights insights, Clock clock) {
    this(events, insights, clock, DEFAULT_MAX_WAIT);
  }

  /** @param maxWait see {@link #DEFAULT_MAX_WAIT}; tests that move a clock by hand set it short */
  public ProfileScheduleReconciler(EventRecorder events, SessionInsights insights, Clock clock, Duration maxWait) {
    this.events = events;
    this.insights = insights;
    this.clock = clock;
    this.maxWait = maxWait;
  }

  @Override
  public List<EventSource<?, ProfileSchedule>> prepareEventSources(EventSourceContext<ProfileSchedule> context) {
    var sessions =
        InformerEventSourceConfiguration.from(ProfileSession.class, ProfileSchedule.class)
            .withNamespacesInheritedFromController()
            .withLabelSelector(ProfileSchedule.SCHEDULE_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ProfileSchedule.class))
            .build();
    return List.of(new InformerEventSource<>(sessions, context));
  }

  @Override
  public UpdateControl<ProfileSchedule> reconcile(ProfileSchedule schedule, Context<ProfileSchedule> context) {
    Instant now = clock.instant();
    String nowText = StatusBuilder.rfc3339(now);
    ProfileScheduleSpec spec = schedule.getSpec();
    ProfileScheduleStatus old = schedule.getStatus() == null ? new ProfileScheduleStatus() : schedule.getStatus();
    ProfileScheduleStatus next = Serialization.clone(old);
    long generation = Optional.ofNullable(schedule.getMetadata().getGeneration()).orElse(1L);
    next.setObservedGeneration(generation);
    KubernetesClient client = context.getClient();

    CronSchedule cron;
    try {
      if (schedule.getMetadata().getName().length() > ScheduledSessions.MAX_SCHEDULE_NAME) {
        throw new CronSchedule.InvalidScheduleException(
            "the name is longer than " + ScheduledSessions.MAX_SCHEDULE_NAME + " characters: its sessions' names and labels would not fit");
      }
      cron = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone());
    } catch (CronSchedule.InvalidScheduleException e) {
      // nothing runs until the spec is fixed; the fix (a new generation) reconciles again
      next.setNextScheduleTime(null);
      next.setConditions(ScheduleConditions.of(ScheduleConditions.INVALID_SCHEDULE, e.getMessage(), generation, old.getConditions(), nowText));
      if (!next.equals(schedule.getStatus())) {
        events.record(schedule, SessionEvent.warning(ScheduleConditions.INVALID_SCHEDULE, e.getMessage()));
        return UpdateControl.patchStatus(withStatus(schedule, next));
      }
      return UpdateControl.noUpdate();
    }

    ScheduledSessions sessions = new ScheduledSessions(schedule, new ArrayList<>(context.getSecondaryResources(ProfileSession.class)));
    writeInsights(client, sessions, next);
    pruneHistory(client, schedule, sessions);

    boolean hasActive = !sessions.active().isEmpty();
    // the status may come from a cache one write behind; the sessions' own times cannot be older
    Instant lastScheduled = sessions.all().stream().map(ScheduledSessions::scheduledTime)
        .reduce(parse(old.getLastScheduleTime()), (a, b) -> a == null || b.isAfter(a) ? b : a);
    if (lastScheduled != null) {
      next.setLastScheduleTime(StatusBuilder.rfc3339(lastScheduled));
    }
    Instant created = Optional.ofNullable(parse(schedule.getMetadata().getCreationTimestamp())).orElse(now);
    RunPlan plan = RunPlanner.plan(cron, spec, lastScheduled, created, now, hasActive);
    plan.events().forEach(e -> events.record(schedule, e));
    String active = sessions.active().stream().map(s -> s.getMetadata().getName()).findFirst().orElse(null);
    if (plan.runAt().isPresent()) {
      Instant runAt = plan.runAt().get();
      String name = ScheduledSessions.nameFor(schedule, runAt);
      if (sessions.named(name).isEmpty()) {
        if (plan.replaceActive()) {
          for (ProfileSession running : sessions.active()) {
            delete(client, running);
            events.record(schedule, new SessionEvent(false, "SessionReplaced",
                "deleted the active session " + running.getMetadata().getName() + " (concurrencyPolicy Replace)"));
          }
        }
        String previous = sessions.comparisonBase(schedule, successfulLimit(spec), failedLimit(spec))
            .map(p -> p.getMetadata().getName()).orElse(null);
        create(client, ScheduledSessions.newSession(schedule, runAt, previous));
        events.record(schedule, new SessionEvent(false, "SessionCreated", "created session " + name + " for the run of " + runAt));
      }
      next.setLastScheduleTime(StatusBuilder.rfc3339(runAt));
      active = name;
    }
    next.setActiveSession(active);
    next.setNextScheduleTime(plan.next().map(StatusBuilder::rfc3339).orElse(null));
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    next.setConditions(
        ScheduleConditions.of(
            suspended ? ScheduleConditions.SUSPENDED : ScheduleConditions.SCHEDULED,
            suspended ? "suspended: no new runs" : plan.next().map(t -> "next run at " + StatusBuilder.rfc3339(t)).orElse("no further run"),
            generation, old.getConditions(), nowText));

    UpdateControl<ProfileSchedule> control =
        next.equals(schedule.getStatus()) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(withStatus(schedule, next));
    if (!suspended) {
      Duration wait = plan.next().map(t -> Duration.between(now, t)).orElse(maxWait);
      control.rescheduleAfter(wait.compareTo(maxWait) > 0 ? maxWait : wait.isNegative() ? Duration.ZERO : wait);
    }
    return control;
  }

  /**
   * Each successful session without an insight (one compared by its profiler, through the
   * spec.compareTo the schedule set, has one already) is compared here with the successful session
   * before it, from their report.json (before any is pruned); the schedule shows the newest one's
   * line.
   */
  private void writeInsights(KubernetesClient client, ScheduledSessions sessions, ProfileScheduleStatus next) {
    List<ProfileSession> succeeded = sessions.succeeded();
    for (int i = 0; i < succeeded.size(); i++) {
      ProfileSession session = succeeded.get(i);
      if (session.getStatus().getInsight() == null) {
        String line = i == 0
            ? "no earlier successful session of this schedule to compare with"
            : insights.compare(succeeded.get(i - 1), session);
        client.resources(ProfileSession.class).inNamespace(session.getMetadata().getNamespace())
            .withName(session.getMetadata().getName()).subresource("status")
            .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", Map.of("insight", line))));
        session.getStatus().setInsight(line);
      }
    }
    if (!succeeded.isEmpty()) {
      ProfileSession newest = succeeded.get(succeeded.size() - 1);
      next.setLatestInsight(newest.getStatus().getInsight());
      next.setLastSuccessfulSession(newest.getMetadata().getName());
      next.setLastSuccessfulTime(newest.getStatus().getCompletionTime());
    }
  }

  private void pruneHistory(KubernetesClient client, ProfileSchedule schedule, ScheduledSessions sessions) {
    ProfileScheduleSpec spec = schedule.getSpec();
    for (ProfileSession old : sessions.beyondHistory(successfulLimit(spec), failedLimit(spec))) {
      delete(client, old);
    }
  }

  private static int successfulLimit(ProfileScheduleSpec spec) {
    return Optional.ofNullable(spec.getSuccessfulSessionsHistoryLimit()).orElse(3);
  }

  private static int failedLimit(ProfileScheduleSpec spec) {
    return Optional.ofNullable(spec.getFailedSessionsHistoryLimit()).orElse(1);
  }

  private static void create(KubernetesClient client, ProfileSession session) {
    try {
      client.resource(session).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // made by an earlier reconcile whose status write did not land: the name is the run's
    }
  }

  private static void delete(KubernetesClient client, ProfileSession session) {
    LOG.debugf("deleting session %s/%s", session.getMetadata().getNamespace(), session.getMetadata().getName());
    client.resources(ProfileSession.class).inNamespace(session.getMetadata().getNamespace())
        .withName(session.getMetadata().getName()).delete();
  }

  private static Instant parse(String rfc3339) {
    try {
      return rfc3339 == null ? null : Instant.parse(rfc3339);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Identity, resourceVersion and status only, as the session reconciler writes (see there). */
  private static ProfileSchedule withStatus(ProfileSchedule schedule, ProfileScheduleStatus status) {
    ProfileSchedule fresh = new ProfileSchedule();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(schedule.getMetadata().getName())
            .withNamespace(schedule.getMetadata().getNamespace())
            .withResourceVersion(schedule.getMetadata().getResourceVersion())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
