package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.metrics.SessionMetrics;
import dev.pyrometer.operator.status.EventReason;
import dev.pyrometer.operator.status.EventRecorder;
import dev.pyrometer.operator.status.SessionEvent;
import dev.pyrometer.operator.status.TransitionEvents;
import dev.pyrometer.operator.storage.StorageUnavailableException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JOSDK entry point for ProfileSessions: hands each session to the {@link SessionWorkflow},
 * records the transitions as Events, patches the status when it changed, and looks again at the
 * next deadline. Pod events reach the sessions that target the pod through an index on the
 * session cache.
 */
@ControllerConfiguration(
    name = ProfileSessionReconciler.NAME,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 6, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 30000)
public class ProfileSessionReconciler implements Reconciler<ProfileSession> {
  public static final String NAME = "profilesession";
  /** Session cache index: {@code namespace/pod} of every pod a session targets. */
  static final String TARGET_POD_INDEX = "targetPods";

  private final SessionWorkflow workflow;
  private final EventRecorder events;
  private final SessionMetrics metrics;
  private final Clock clock;

  public ProfileSessionReconciler(
      SessionWorkflow workflow, EventRecorder events, SessionMetrics metrics, Clock clock) {
    this.workflow = workflow;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ProfileSession>> prepareEventSources(
      EventSourceContext<ProfileSession> context) {
    context.getPrimaryCache().addIndexer(TARGET_POD_INDEX, ProfileSessionReconciler::targetPods);
    metrics.watch(context.getPrimaryCache());
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, ProfileSession.class)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                pod ->
                    context
                        .getPrimaryCache()
                        .byIndex(TARGET_POD_INDEX, key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<ProfileSession> reconcile(
      ProfileSession cached, Context<ProfileSession> context) {
    if (ended(cached.getStatus())) {
      // a session runs once; its spec cannot change (CEL), so there is nothing left to do
      return UpdateControl.noUpdate();
    }
    ProfileSession session = cached;
    if (!started(cached.getStatus())) {
      // Starting is not idempotent: it creates the upload Secret and adds the container. The cache
      // can still hold the session as created after this operator wrote its status (a pod event
      // arrives first), so a session that looks unstarted is read again from the API server.
      session = context.getClient().resource(cached).get();
      if (session == null || ended(session.getStatus())) {
        return UpdateControl.noUpdate(); // deleted, or ended, meanwhile
      }
    }
    return advance(session, context);
  }

  private UpdateControl<ProfileSession> advance(ProfileSession session, Context<ProfileSession> context) {
    ProfileSessionStatus old = session.getStatus();
    Timer.Sample timer = metrics.startReconcile();
    SessionUpdate update = workflow.advance(session, pods(context), clock.instant());
    ProfileSessionStatus next = update.status();
    TransitionEvents.between(old, next).forEach(e -> events.record(session, e));
    if (next.isTerminal()) {
      metrics.finished(next.getPhase(), next.getReason());
    }
    UpdateControl<ProfileSession> control =
        next.equals(old) ? UpdateControl.noUpdate() : UpdateControl.patchStatus(withStatus(session, next));
    update.recheckIn().ifPresent(control::rescheduleAfter);
    metrics.endReconcile(timer, control.isNoUpdate() ? "unchanged" : "updated");
    return control;
  }

  /**
   * Storage that does not answer is retried with backoff (the status says so); when the retries
   * run out the session fails with UploadFailed. Anything else is retried by JOSDK as it is.
   */
  @Override
  public ErrorStatusUpdateControl<ProfileSession> updateErrorStatus(
      ProfileSession session, Context<ProfileSession> context, Exception e) {
    Optional<StorageUnavailableException> storage = cause(e, StorageUnavailableException.class);
    if (storage.isEmpty()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    String message = storage.get().getMessage();
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    if (lastAttempt) {
      ProfileSessionStatus failed = workflow.giveUpOnStorage(session, message, clock.instant());
      TransitionEvents.between(session.getStatus(), failed).forEach(ev -> events.record(session, ev));
      metrics.finished(failed.getPhase(), failed.getReason());
      return ErrorStatusUpdateControl.patchStatus(withStatus(session, failed)).withNoRetry();
    }
    int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1);
    events.record(
        session,
        SessionEvent.warning(EventReason.StorageUnavailable.name(), message + " (attempt " + attempt + ", retrying)"));
    ProfileSessionStatus retrying = copy(session.getStatus());
    retrying.setMessage(message + " (attempt " + attempt + ", retrying)");
    return ErrorStatusUpdateControl.patchStatus(withStatus(session, retrying));
  }

  private static boolean ended(ProfileSessionStatus status) {
    return status != null && status.isTerminal();
  }

  private static boolean started(ProfileSessionStatus status) {
    return status != null && status.getTargets() != null && !status.getTargets().isEmpty();
  }

  private static PodLookup pods(Context<ProfileSession> context) {
    @SuppressWarnings("unchecked")
    InformerEventSource<Pod, ProfileSession> informer =
        (InformerEventSource<Pod, ProfileSession>) context.eventSourceRetriever().getEventSourceFor(Pod.class);
    return new InformerPodLookup(informer, context.getClient());
  }

  /** The pods a session targets: by name from the spec, and every pod it has started on. */
  static List<String> targetPods(ProfileSession session) {
    Set<String> keys = new java.util.LinkedHashSet<>();
    String namespace = session.getMetadata().getNamespace();
    if (session.getSpec() != null && session.getSpec().getTarget() != null && session.getSpec().getTarget().getPodName() != null) {
      keys.add(key(namespace, session.getSpec().getTarget().getPodName()));
    }
    if (session.getStatus() != null && session.getStatus().getTargets() != null) {
      for (TargetStatus t : session.getStatus().getTargets()) {
        keys.add(key(namespace, t.pod()));
      }
    }
    return new ArrayList<>(keys);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * A fresh object carrying only identity and status, so a status patch never sends the spec back;
   * with the resourceVersion the status was computed from, so that a reconcile that worked from a
   * stale cache gets a conflict (and a retry) instead of overwriting a newer status.
   */
  private static ProfileSession withStatus(ProfileSession session, ProfileSessionStatus status) {
    ProfileSession fresh = new ProfileSession();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(session.getMetadata().getName())
            .withNamespace(session.getMetadata().getNamespace())
            .withResourceVersion(session.getMetadata().getResourceVersion())
            .build());
    fresh.setStatus(status);
    return fresh;
  }

  private static ProfileSessionStatus copy(ProfileSessionStatus status) {
    return io.fabric8.kubernetes.client.utils.Serialization.clone(
        status == null ? new ProfileSessionStatus() : status);
  }

  private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
