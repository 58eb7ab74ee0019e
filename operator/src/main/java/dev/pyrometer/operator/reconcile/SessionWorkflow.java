package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.ephemeral.EphemeralContainerNames;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.status.StatusBuilder;
import dev.pyrometer.operator.storage.UploadPlan;
import dev.pyrometer.operator.storage.UploadSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a session's life, free of JOSDK: validate the spec, then either start the session
 * (resolve targets, add the profiler containers) or observe its targets, and build the new
 * status. Once the session is terminal its upload Secrets are deleted.
 */
public final class SessionWorkflow {
  /** Re-check at least this often, in case a pod event was missed. */
  static final Duration MAX_RECHECK = Duration.ofSeconds(30);

  private final SpecValidator validator;
  private final TargetResolver resolver;
  private final SessionStarter starter;
  private final CompareBase compareBase;
  private final TargetObserver observer;
  private final UploadSecrets secrets;
  private final Clock clock;

  /** @param clock read once the profiler containers were added: the start timeout counts from then */
  public SessionWorkflow(
      SpecValidator validator,
      TargetResolver resolver,
      SessionStarter starter,
      CompareBase compareBase,
      TargetObserver observer,
      UploadSecrets secrets,
      Clock clock) {
    this.validator = validator;
    this.resolver = resolver;
    this.starter = starter;
    this.compareBase = compareBase;
    this.observer = observer;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * The session's next status, and when to look again if nothing happens before.
   *
   * @throws dev.pyrometer.operator.storage.StorageUnavailableException when a finished target's
   *     artifacts cannot be checked yet
   */
  public SessionUpdate advance(ProfileSession session, PodLookup pods, Instant now) {
    SessionPlan plan;
    try {
      plan = validator.validate(session.getSpec());
    } catch (SessionFailure invalid) {
      return new SessionUpdate(StatusBuilder.failedBeforeStart(session, invalid.reason(), invalid.getMessage(), now), Optional.empty());
    }
    ProfileSessionStatus old = session.getStatus();
    if (old == null || old.getTargets() == null || old.getTargets().isEmpty()) {
      ProfileSessionStatus next = start(session, plan, pods, now);
      if (next.isTerminal()) {
        deleteUploadSecrets(session, next);
        return new SessionUpdate(next, Optional.empty());
      }
      // the first look at the containers just added comes with their pod events; this is the net
      return new SessionUpdate(next, Optional.of(Duration.ofSeconds(1)));
    }
    Observed observed = observe(session, plan, pods, now);
    if (observed.status().isTerminal()) {
      deleteUploadSecrets(session, observed.status());
    }
    return new SessionUpdate(observed.status(), recheck(observed, now));
  }

  /** Ends a session whose artifacts could not be checked, after the retries ran out. */
  public ProfileSessionStatus giveUpOnStorage(ProfileSession session, String message, Instant now) {
    ProfileSessionStatus old = session.getStatus();
    if (old == null || old.getTargets() == null || old.getTargets().isEmpty()) {
      return StatusBuilder.failedBeforeStart(session, Reason.UploadFailed, message, now);
    }
    List<TargetStatus> targets =
        old.getTargets().stream()
            .map(t -> t.isTerminal() ? t : t.withPhase(Phase.FAILED, Reason.UploadFailed.name(), message))
            .toList();
    ProfileSessionStatus next = StatusBuilder.fromTargets(session, targets, old.getArtifacts(), now);
    deleteUploadSecrets(session, next);
    return next;
  }

  private ProfileSessionStatus start(ProfileSession session, SessionPlan plan, PodLookup pods, Instant now) {
    String namespace = session.getMetadata().getNamespace();
    String containerName = EphemeralContainerNames.containerName(session.getMetadata().getUid());
    try {
      // before any pod is touched: a base that cannot be compared with fails the session at once
      Map<String, String> baseUrls = compareBase.urls(session, plan, starter.urlExpiry(plan));
      List<ResolvedTarget> targets;
      if (plan.podSelector() != null) {
        // a selector picks among the pods that exist now: a cache that has not seen a pod created
        // moments ago would pick fewer than maxPods, and a session starts only once
        targets = resolver.resolve(plan, namespace, containerName, pods.fresh());
      } else {
        try {
          targets = resolver.resolve(plan, namespace, containerName, pods);
        } catch (SessionFailure fromCache) {
          // the cache may not have seen a pod that was just created or just started: ask again
          targets = resolver.resolve(plan, namespace, containerName, pods.fresh());
        }
      }
      List<TargetStatus> started = starter.start(session, plan, targets, baseUrls);
      // precise to the millisecond, and taken once the containers were added: the start timeout
      // counts from here (a start time rounded down to the second ate up to a second of it)
      return StatusBuilder.fromTargets(session, started, List.of(), clock.instant());
    } catch (SessionFailure failure) {
      return StatusBuilder.failedBeforeStart(session, failure.reason(), failure.getMessage(), now);
    }
  }

  private record Observed(ProfileSessionStatus status, Optional<Instant> nextDeadline) {}

  private Observed observe(ProfileSession session, SessionPlan plan, PodLookup pods, Instant now) {
    ProfileSessionStatus old = session.getStatus();
    String namespace = session.getMetadata().getNamespace();
    Instant startTime = Optional.ofNullable(old.getStartTime()).map(Instant::parse).orElse(now);
    List<TargetStatus> targets = new ArrayList<>();
    List<ArtifactStatus> artifacts = new ArrayList<>(old.getArtifacts() == null ? List.of() : old.getArtifacts());
    Optional<Instant> next = Optional.empty();
    for (TargetStatus target : old.getTargets()) {
      TargetObservation seen = observer.observe(session, plan, target, pods.get(namespace, target.pod()), startTime, now);
      if (seen.failedOnPodState() && !target.isTerminal()) {
        // a cache can lag: a pod not seen yet, a container already running, a state already
        // changed. A failure is final, so it must hold on the pod as the API server has it now.
        seen = observer.observe(session, plan, target, pods.fresh().get(namespace, target.pod()), startTime, now);
      }
      targets.add(seen.target());
      artifacts.addAll(seen.artifacts());
      if (seen.nextDeadline() != null && (next.isEmpty() || seen.nextDeadline().isBefore(next.get()))) {
        next = Optional.of(seen.nextDeadline());
      }
    }
    List<String> order = targets.stream().map(TargetStatus::pod).toList();
    artifacts.sort(
        Comparator.comparingInt((ArtifactStatus a) -> order.indexOf(a.pod()))
            .thenComparingInt(a -> UploadPlan.rank(a.name())));
    return new Observed(StatusBuilder.fromTargets(session, targets, artifacts, now), next);
  }

  private void deleteUploadSecrets(ProfileSession session, ProfileSessionStatus status) {
    String uid = session.getMetadata().getUid();
    for (TargetStatus target : Optional.ofNullable(status.getTargets()).orElse(List.of())) {
      secrets.delete(
          session.getMetadata().getNamespace(),
          EphemeralContainerNames.uploadSecretName(uid, target.podUID()));
    }
  }

  /** Wake up just past the next deadline of any target, and at the latest in 30 s. */
  private static Optional<Duration> recheck(Observed observed, Instant now) {
    if (observed.status().isTerminal()) {
      return Optional.empty();
    }
    Duration wait =
        observed.nextDeadline()
            // a little past the deadline, so the next look sees it passed
            .map(deadline -> Duration.between(now, deadline).plusMillis(200))
            .filter(d -> d.compareTo(Duration.ofMillis(200)) > 0)
            .orElse(Duration.ofMillis(200));
    return Optional.of(wait.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : wait);
  }
}
