package dev.pyrometer.operator.status;

import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a session's whole status at once (phase, reason, message, times, printer-column fields,
 * conditions) from its targets, so that no field can contradict another.
 */
public final class StatusBuilder {
  private StatusBuilder() {}

  /** A session that failed before any profiler container was requested. */
  public static ProfileSessionStatus failedBeforeStart(
      ProfileSession session, Reason reason, String message, Instant now) {
    ProfileSessionStatus status = base(session, Phase.FAILED, reason.name(), message, now);
    String podName =
        session.getSpec() == null || session.getSpec().getTarget() == null
            ? null
            : session.getSpec().getTarget().getPodName();
    status.setTarget(podName);
    status.setCompletionTime(rfc3339(now));
    return status;
  }

  /**
   * @param targets every target, each with its latest phase
   * @param artifacts every artifact checked so far, main report first
   */
  public static ProfileSessionStatus fromTargets(
      ProfileSession session, List<TargetStatus> targets, List<ArtifactStatus> artifacts,
      Instant now) {
    Phase phase = phaseOf(targets);
    TargetStatus lead = leadTarget(targets, phase);
    String reason =
        switch (phase) {
          case PENDING -> Reason.ContainerRequested.name();
          case PROFILING -> Reason.ProfilerRunning.name();
          default -> lead.reason();
        };
    ProfileSessionStatus status = base(session, phase, reason, message(phase, lead, targets, artifacts), now);
    status.setTargets(List.copyOf(targets));
    status.setArtifacts(List.copyOf(artifacts));
    status.setTarget(
        targets.get(0).pod() + (targets.size() > 1 ? " (+" + (targets.size() - 1) + ")" : ""));
    long samples = targets.stream().map(TargetStatus::samples).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    boolean anySamples = targets.stream().anyMatch(t -> t.samples() != null);
    status.setSamples(anySamples ? samples : null);
    boolean anyHeap = targets.stream().anyMatch(t -> t.objects() != null);
    long objects = targets.stream().map(TargetStatus::objects).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    long bytes = targets.stream().map(TargetStatus::bytes).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    if (anyHeap) {
      status.setObjects(objects);
      status.setBytes(bytes);
      status.setCollected(Quantities.count(objects) + " objects, " + Quantities.bytes(bytes));
    } else if (anySamples) {
      status.setCollected(Quantities.count(samples) + " samples");
    }
    status.setTop(targets.stream().map(TargetStatus::top).filter(Objects::nonNull).findFirst().orElse(null));
    Optional<ProfileSessionStatus> old = Optional.ofNullable(session.getStatus());
    // to the millisecond: the start timeout is counted from it
    status.setStartTime(
        old.map(ProfileSessionStatus::getStartTime)
            .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS))));
    if (phase.isTerminal()) {
      status.setCompletionTime(rfc3339(now));
      // spec.compareTo: the first pod's comparison, as TOP is the first pod's headline
      status.setInsight(targets.stream().map(TargetStatus::comparison).filter(Objects::nonNull).findFirst().orElse(null));
    }
    return status;
  }

  static Phase phaseOf(List<TargetStatus> targets) {
    if (targets.stream().anyMatch(t -> t.phase() == Phase.PROFILING)) {
      return Phase.PROFILING;
    }
    if (targets.stream().anyMatch(t -> !t.isTerminal())) {
      return Phase.PENDING;
    }
    return targets.stream().allMatch(t -> t.phase() == Phase.SUCCEEDED) ? Phase.SUCCEEDED : Phase.FAILED;
  }

  /** The target whose reason speaks for the session: the first failure, else the first target. */
  private static TargetStatus leadTarget(List<TargetStatus> targets, Phase phase) {
    if (phase == Phase.FAILED) {
      return targets.stream().filter(t -> t.phase() == Phase.FAILED).findFirst().orElseThrow();
    }
    if (phase == Phase.PENDING) {
      return targets.stream().filter(t -> !t.isTerminal()).findFirst().orElseThrow();
    }
    return targets.get(0);
  }

  private static String message(
      Phase phase, TargetStatus lead, List<TargetStatus> targets, List<ArtifactStatus> artifacts) {
    int n = targets.size();
    long failed = targets.stream().filter(t -> t.phase() == Phase.FAILED).count();
    long running = targets.stream().filter(t -> t.phase() == Phase.PROFILING).count();
    return switch (phase) {
      case PENDING -> lead.message();
      case PROFILING -> n == 1 ? lead.message() : "profiling " + running + " of " + n + " pods";
      case SUCCEEDED -> {
        long samples = targets.stream().map(TargetStatus::samples).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
        String where = artifacts.isEmpty() ? "" : "; report: " + artifacts.get(0).uri();
        String pods = n + (n == 1 ? " pod" : " pods");
        if (targets.stream().anyMatch(t -> t.objects() != null)) {
          long objects = targets.stream().map(TargetStatus::objects).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
          long bytes = targets.stream().map(TargetStatus::bytes).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
          yield Quantities.count(objects) + " Python objects (" + Quantities.bytes(bytes) + ") from " + pods + where;
        }
        yield samples + " samples from " + pods + where;
      }
      case FAILED ->
          n == 1
              ? lead.message()
              : "pod " + lead.pod() + ": " + lead.message() + " (" + failed + " of " + n + " pods failed)";
    };
  }

  private static ProfileSessionStatus base(
      ProfileSession session, Phase phase, String reason, String message, Instant now) {
    long generation = Optional.ofNullable(session.getMetadata().getGeneration()).orElse(1L);
    ProfileSessionStatus status = new ProfileSessionStatus();
    status.setObservedGeneration(generation);
    status.setPhase(phase);
    status.setReason(reason);
    status.setMessage(message);
    status.setConditions(
        Conditions.of(
            phase, reason, message, generation,
            session.getStatus() == null ? List.of() : session.getStatus().getConditions(),
            rfc3339(now)));
    return status;
  }

  public static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
