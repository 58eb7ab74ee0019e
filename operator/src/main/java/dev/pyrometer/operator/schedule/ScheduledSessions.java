package dev.pyrometer.operator.schedule;

import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sessions of one schedule: how a run's session is made (deterministic name, owner reference,
 * label) and how the existing ones are sorted into active, succeeded and failed.
 */
public final class ScheduledSessions {
  /** As CronJob's: the name plus up to 11 digits of minutes stays within a 63-character label. */
  public static final int MAX_SCHEDULE_NAME = 52;

  private final List<ProfileSession> sessions;

  /** Only the sessions the schedule controls (its UID in a controller owner reference). */
  public ScheduledSessions(ProfileSchedule schedule, List<ProfileSession> candidates) {
    String uid = schedule.getMetadata().getUid();
    this.sessions =
        candidates.stream()
            .filter(s -> s.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(uid, o.getUid())))
            .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
            .sorted(Comparator.comparing(ScheduledSessions::scheduledTime).thenComparing(s -> s.getMetadata().getName()))
            .toList();
  }

  /** {@code <schedule>-<minutes since the epoch>}, as CronJob names its Jobs: a retry never makes two. */
  public static String nameFor(ProfileSchedule schedule, Instant scheduledTime) {
    return schedule.getMetadata().getName() + "-" + scheduledTime.getEpochSecond() / 60;
  }

  /** The session of one run: the template's spec, owned by the schedule. */
  public static ProfileSession newSession(ProfileSchedule schedule, Instant scheduledTime) {
    return newSession(schedule, scheduledTime, null);
  }

  /**
   * The same, compared with {@code previous} (spec.compareTo, whatever the template says): each
   * run's report shows what changed since the run before.
   */
  public static ProfileSession newSession(ProfileSchedule schedule, Instant scheduledTime, String previous) {
    ProfileSession session = new ProfileSession();
    session.setMetadata(
        new ObjectMetaBuilder()
            .withName(nameFor(schedule, scheduledTime))
            .withNamespace(schedule.getMetadata().getNamespace())
            .withLabels(Map.of(ProfileSchedule.SCHEDULE_LABEL, schedule.getMetadata().getName()))
            .withAnnotations(Map.of(ProfileSchedule.SCHEDULED_TIME_ANNOTATION, scheduledTime.toString()))
            .withOwnerReferences(ownerReference(schedule))
            .build());
    // the template is a ProfileSessionSpec; a copy, so the session does not share its objects
    session.setSpec(Serialization.unmarshal(Serialization.asJson(schedule.getSpec().getTemplate()), ProfileSessionSpec.class));
    session.getSpec().setCompareTo(previous);
    return session;
  }

  /**
   * Controller owner reference: the garbage collector deletes the session with its schedule.
   * Without blockOwnerDeletion, which would need update on profileschedules/finalizers (the
   * OwnerReferencesPermissionEnforcement admission plugin) and matters only to foreground deletion.
   */
  public static OwnerReference ownerReference(ProfileSchedule schedule) {
    return new OwnerReferenceBuilder()
        .withApiVersion(schedule.getApiVersion())
        .withKind(schedule.getKind())
        .withName(schedule.getMetadata().getName())
        .withUid(schedule.getMetadata().getUid())
        .withController(true)
        .build();
  }

  public static Instant scheduledTime(ProfileSession session) {
    String at = session.getMetadata().getAnnotations() == null ? null
        : session.getMetadata().getAnnotations().get(ProfileSchedule.SCHEDULED_TIME_ANNOTATION);
    try {
      return Instant.parse(at != null ? at : session.getMetadata().getCreationTimestamp());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  /** Oldest first. */
  public List<ProfileSession> all() {
    return sessions;
  }

  public Optional<ProfileSession> named(String name) {
    return sessions.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
  }

  /** Not yet Succeeded or Failed, oldest first. */
  public List<ProfileSession> active() {
    return sessions.stream().filter(s -> s.getStatus() == null || !s.getStatus().isTerminal()).toList();
  }

  /** Oldest first. */
  public List<ProfileSession> succeeded() {
    return withPhase(Phase.SUCCEEDED);
  }

  /** Oldest first. */
  public List<ProfileSession> failed() {
    return withPhase(Phase.FAILED);
  }

  /**
   * The newest successful session of the template's mode that the history limits keep: what the
   * next run is compared with (a template edited to another mode starts a new line).
   */
  public Optional<ProfileSession> comparisonBase(ProfileSchedule schedule, int successfulLimit, int failedLimit) {
    Mode mode = Objects.requireNonNullElse(schedule.getSpec().getTemplate() == null ? null
        : schedule.getSpec().getTemplate().getMode(), Mode.CPU);
    List<ProfileSession> pruned = beyondHistory(successfulLimit, failedLimit);
    List<ProfileSession> candidates = succeeded().stream()
        .filter(s -> !pruned.contains(s))
        .filter(s -> Objects.requireNonNullElse(s.getSpec() == null ? null : s.getSpec().getMode(), Mode.CPU) == mode)
        .toList();
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
  }

  /** The finished sessions beyond the history limits, oldest first: the ones to delete. */
  public List<ProfileSession> beyondHistory(int successfulLimit, int failedLimit) {
    List<ProfileSession> ok = succeeded();
    List<ProfileSession> bad = failed();
    return java.util.stream.Stream.concat(
            ok.subList(0, Math.max(0, ok.size() - successfulLimit)).stream(),
            bad.subList(0, Math.max(0, bad.size() - failedLimit)).stream())
        .toList();
  }

  private List<ProfileSession> withPhase(Phase phase) {
    return sessions.stream().filter(s -> s.getStatus() != null && s.getStatus().getPhase() == phase).toList();
  }
}
