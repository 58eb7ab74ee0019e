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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  private final TargetObserver observer;
  private final UploadSecrets secrets;

  public SessionWorkflow(
      SpecValidator validator,
      TargetResolver resolver,
      SessionStarter starter,
      TargetObserver observer,
      UploadSecrets secrets) {
    this.validator = validator;
    this.resolver = resolver;
    this.starter = starter;
    this.observer = observer;
    this.secrets = secrets;
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
    ProfileSessionStatus next;
    if (old == null || old.getTargets() == null || old.getTargets().isEmpty()) {
      next = start(session, plan, pods, now);
    } else {
      next = observe(session, plan, pods, now);
    }
    if (next.isTerminal()) {
      deleteUploadSecrets(session, next);
    }
    return new SessionUpdate(next, recheck(next, plan, now));
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
      List<ResolvedTarget> targets;
      try {
        targets = resolver.resolve(plan, namespace, containerName, pods);
      } catch (SessionFailure fromCache) {
        // the cache may not have seen a pod that was just created or just started: ask again
        targets = resolver.resolve(plan, namespace, containerName, pods.fresh());
      }
      return StatusBuilder.fromTargets(session, starter.start(session, plan, targets), List.of(), now);
    } catch (SessionFailure failure) {
      return StatusBuilder.failedBeforeStart(session, failure.reason(), failure.getMessage(), now);
    }
  }

  private ProfileSessionStatus observe(ProfileSession session, SessionPlan plan, PodLookup pods, Instant now) {
    ProfileSessionStatus old = session.getStatus();
    Instant startTime = Optional.ofNullable(old.getStartTime()).map(Instant::parse).orElse(now);
    List<TargetStatus> targets = new ArrayList<>();
    List<ArtifactStatus> artifacts = new ArrayList<>(old.getArtifacts() == null ? List.of() : old.getArtifacts());
    for (TargetStatus target : old.getTargets()) {
      TargetObservation seen =
          observer.observe(
              session, plan, target, pods.get(session.getMetadata().getNamespace(), target.pod()),
              startTime, now);
      targets.add(seen.target());
      artifacts.addAll(seen.artifacts());
    }
    List<String> order = targets.stream().map(TargetStatus::pod).toList();
    artifacts.sort(
        Comparator.comparingInt((ArtifactStatus a) -> order.indexOf(a.pod()))
            .thenComparingInt(a -> UploadPlan.rank(a.name())));
    return StatusBuilder.fromTargets(session, targets, artifacts, now);
  }

  private void deleteUploadSecrets(ProfileSession session, ProfileSessionStatus status) {
    String uid = session.getMetadata().getUid();
    for (TargetStatus target : Optional.ofNullable(status.getTargets()).orElse(List.of())) {
      secrets.delete(
          session.getMetadata().getNamespace(),
          EphemeralContainerNames.uploadSecretName(uid, target.podUID()));
    }
  }

  /** Wake up at the next deadline (start timeout, then finish deadline), at the latest in 30 s. */
  private static Optional<Duration> recheck(ProfileSessionStatus status, SessionPlan plan, Instant now) {
    if (status.isTerminal()) {
      return Optional.empty();
    }
    Instant start = Instant.parse(status.getStartTime());
    Instant deadline =
        status.getPhase() == Phase.PENDING
            ? start.plus(plan.startTimeout())
            : start.plus(plan.startTimeout()).plus(plan.duration());
    Duration wait = Duration.between(now, deadline);
    if (wait.isNegative() || wait.isZero()) {
      wait = MAX_RECHECK;
    }
    // one second past the deadline, so the next look sees it passed
    wait = wait.plusSeconds(1);
    return Optional.of(wait.compareTo(MAX_RECHECK) > 0 ? MAX_RECHECK : wait);
  }
}
