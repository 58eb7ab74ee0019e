package dev.pyrometer.operator.reconcile;

import dev.pyrometer.contract.ArtifactRef;
import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Durations;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.ephemeral.MemorySchedule;
import dev.pyrometer.operator.status.Quantities;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProcessStatus;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.storage.ArtifactVerifier;
import dev.pyrometer.operator.storage.ObjectKeys;
import dev.pyrometer.operator.storage.UploadPlan;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Works out one target's new status from its pod: the profiler container waiting, running or
 * terminated (then its summary, and its artifacts checked in storage), or the pod gone, or a
 * deadline passed.
 */
public final class TargetObserver {
  private final ArtifactVerifier verifier;
  private final Duration finishGrace;

  /** @param finishGrace how long after the duration a running profiler may take to finish */
  public TargetObserver(ArtifactVerifier verifier, Duration finishGrace) {
    this.verifier = verifier;
    this.finishGrace = finishGrace;
  }

  /**
   * @param startTime when the profiler containers were requested
   * @throws dev.pyrometer.operator.storage.StorageUnavailableException when the artifacts cannot
   *     be checked yet
   */
  public TargetObservation observe(
      ProfileSession session,
      SessionPlan plan,
      TargetStatus target,
      Optional<Pod> pod,
      Instant startTime,
      Instant now) {
    if (target.isTerminal()) {
      return TargetObservation.of(target);
    }
    if (pod.isEmpty() || !pod.get().getMetadata().getUid().equals(target.podUID())) {
      return failed(target, Reason.PodDeleted, "pod " + target.pod() + " was deleted during the session");
    }
    ContainerState state =
        Optional.ofNullable(pod.get().getStatus())
            .map(s -> s.getEphemeralContainerStatuses())
            .orElse(List.of())
            .stream()
            .filter(s -> target.ephemeralContainer().equals(s.getName()))
            .map(ContainerStatus::getState)
            .filter(s -> s != null)
            .findFirst()
            .orElse(null);
    if (state != null && state.getTerminated() != null) {
      return finished(session, plan, target, AgentReport.of(state.getTerminated()));
    }
    String podPhase = pod.get().getStatus() == null ? null : pod.get().getStatus().getPhase();
    if ("Succeeded".equals(podPhase) || "Failed".equals(podPhase)) {
      return failed(
          target, Reason.TargetNotRunning,
          "pod " + target.pod() + " stopped (" + podPhase + ") before the profiler finished");
    }
    Instant startDeadline = startTime.plus(plan.startTimeout());
    if (state != null && state.getRunning() != null) {
      // the profiler has duration + finishGrace from when it started, and never longer than its
      // upload URLs live (startTimeout + duration + finishGrace from the request)
      Instant started = parse(state.getRunning().getStartedAt()).orElse(startDeadline);
      started = started.isBefore(startTime) ? startTime : started.isAfter(startDeadline) ? startDeadline : started;
      Instant deadline = started.plus(plan.duration()).plus(finishGrace);
      if (!now.isBefore(deadline)) {
        return failed(
            target, Reason.DeadlineExceeded,
            "the profiler in pod %s still runs %s after it started (duration %s, then %s to finish)"
                .formatted(target.pod(), Durations.format(Duration.between(started, now).withNanos(0)),
                    Durations.format(plan.duration()), Durations.format(finishGrace)));
      }
      return TargetObservation.until(
          target.withPhase(
              Phase.PROFILING, Reason.ProfilerRunning.name(),
              "profiler running in pod " + target.pod()),
          deadline);
    }
    ContainerStateWaiting waiting = state == null ? null : state.getWaiting();
    Optional<ContainerWaiting.Verdict> hopeless =
        ContainerWaiting.judge(waiting, target.pod(), plan.image(), Duration.between(startTime, now));
    if (hopeless.isPresent()) {
      return failed(target, hopeless.get().reason(), hopeless.get().message());
    }
    String why = waitingReason(state);
    if (!now.isBefore(startDeadline)) {
      return failed(
          target, Reason.StartTimeout,
          "the profiler container in pod %s did not start within %s%s"
              .formatted(target.pod(), Durations.format(plan.startTimeout()), why));
    }
    Instant next = startDeadline;
    if (waiting != null && "ErrImagePull".equals(waiting.getReason())) {
      Instant pullGiveUp = startTime.plus(ContainerWaiting.PULL_GRACE);
      next = pullGiveUp.isBefore(next) ? pullGiveUp : next;
    }
    return TargetObservation.until(
        target.withPhase(
            Phase.PENDING, Reason.ContainerRequested.name(),
            "waiting for the profiler container in pod " + target.pod() + " to start" + why),
        next);
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.ofNullable(time).map(Instant::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The kubelet's words for why the container is not running yet, e.g. ErrImagePull. */
  private static String waitingReason(ContainerState state) {
    if (state == null || state.getWaiting() == null || state.getWaiting().getReason() == null) {
      return "";
    }
    String message = state.getWaiting().getMessage();
    return " (" + state.getWaiting().getReason()
        + (message == null || message.isBlank() ? "" : ": " + message) + ")";
  }

  private TargetObservation finished(
      ProfileSession session, SessionPlan plan, TargetStatus target, AgentReport report) {
    RunSummary summary = report.summary();
    if (summary == null || summary.exitReason() == null) {
      return TargetObservation.of(
          target.withResult(
              Phase.FAILED, Reason.AgentFailed.name(), report.describeCrash(), report.exitCode(),
              null, null, null));
    }
    Reason reason = Reason.of(summary.exitReason());
    List<ProcessStatus> processes = processes(summary);
    boolean memory = plan.mode() == Mode.MEMORY;
    // a heap has objects and bytes, not samples: the agent's count in "samples" is objects
    Long samples = memory ? null : summary.totalSamples();
    String top = report.top().orElse(null);
    if (reason.isFailure()) {
      String message = summary.message() == null ? reason.hint() : summary.message();
      return TargetObservation.of(
          target.withResult(
              Phase.FAILED, reason.name(), message, report.exitCode(), samples, top, processes));
    }
    List<ArtifactStatus> artifacts = new ArrayList<>();
    List<ArtifactRef> uploaded =
        Optional.ofNullable(summary.artifacts()).orElse(List.of()).stream()
            .filter(ArtifactRef::uploaded)
            .sorted(Comparator.comparingInt(a -> UploadPlan.rank(a.name())))
            .toList();
    if (uploaded.isEmpty()) {
      return TargetObservation.of(
          target.withResult(
              Phase.FAILED, Reason.UploadFailed.name(), "the profiler uploaded no artifact",
              report.exitCode(), samples, top, processes));
    }
    for (ArtifactRef ref : uploaded) {
      String key =
          ObjectKeys.key(
              plan.prefix(), session.getMetadata().getNamespace(), session.getMetadata().getName(),
              session.getMetadata().getUid(), target.pod(), ref.name());
      String uri = ObjectKeys.uri(plan.bucket(), key);
      Optional<ArtifactVerifier.StoredObject> stored = verifier.inspect(plan.bucket(), key);
      if (stored.isEmpty()) {
        return TargetObservation.of(
            target.withResult(
                Phase.FAILED, Reason.UploadFailed.name(),
                "the profiler reported " + uri + " uploaded, but it is not in storage",
                report.exitCode(), samples, top, processes));
      }
      Optional<String> mismatch = mismatch(ref, stored.get());
      if (mismatch.isPresent()) {
        return TargetObservation.of(
            target.withResult(
                Phase.FAILED, Reason.ArtifactMismatch.name(), uri + ": " + mismatch.get(),
                report.exitCode(), samples, top, processes));
      }
      artifacts.add(new ArtifactStatus(target.pod(), ref.name(), uri, stored.get().size(), stored.get().sha256()));
    }
    TargetStatus done =
        target.withResult(
            Phase.SUCCEEDED, reason.name(), successMessage(plan, summary, target, reason), report.exitCode(),
            samples, top, processes);
    if (memory) {
      done = done.withHeap(summary.totalSamples(), heapBytes(summary));
    }
    if (summary.comparison() != null) {
      done = done.withComparison(summary.comparison());
    }
    return new TargetObservation(done, artifacts);
  }

  /** What the profiler did, in the words of its mode: samples, or heap snapshots. */
  static String successMessage(SessionPlan plan, RunSummary summary, TargetStatus target, Reason reason) {
    int processes = Optional.ofNullable(summary.processes()).map(List::size).orElse(0);
    if (plan.mode() != Mode.MEMORY) {
      return "%d samples from %d process(es) in pod %s (%s)"
          .formatted(summary.totalSamples(), processes, target.pod(), reason.hint());
    }
    String how = reason == Reason.Completed
        ? "%d heap snapshots spread over %s".formatted(
            MemorySchedule.of(plan.duration()).snapshots(), Durations.format(plan.duration()))
        : reason.hint();
    return "%s Python objects (%s) in %d process(es) in pod %s (%s)"
        .formatted(Quantities.count(summary.totalSamples()), Quantities.bytes(heapBytes(summary)), processes,
            target.pod(), how);
  }

  private static long heapBytes(RunSummary summary) {
    return Optional.ofNullable(summary.processes()).orElse(List.of()).stream()
        .map(ProcessSummary::heapBytes).filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
  }

  /** Why the stored object is not the one the agent uploaded, if it is not. */
  static Optional<String> mismatch(ArtifactRef uploaded, ArtifactVerifier.StoredObject stored) {
    if (uploaded.sha256() == null) {
      return Optional.of("the profiler reported no SHA-256 for it, so it cannot be checked: use the agent image of this operator's release");
    }
    if (stored.size() != uploaded.bytes() || !stored.sha256().equalsIgnoreCase(uploaded.sha256())) {
      return Optional.of(
          "storage holds %d bytes with SHA-256 %s, but the profiler uploaded %d bytes with SHA-256 %s: the object was replaced after the upload (its upload URL was usable by whoever could read it until the session's deadline); do not trust it"
              .formatted(stored.size(), stored.sha256(), uploaded.bytes(), uploaded.sha256()));
    }
    return Optional.empty();
  }

  private static List<ProcessStatus> processes(RunSummary summary) {
    return Optional.ofNullable(summary.processes()).orElse(List.of()).stream()
        .map(TargetObserver::process)
        .toList();
  }

  private static ProcessStatus process(ProcessSummary p) {
    boolean memory = p.heapBytes() != null;
    return new ProcessStatus(p.pid(), p.commandLine(), p.pythonVersion(), memory ? null : p.samples(),
        p.finding() == null ? null : p.finding().location(), memory ? p.samples() : null, p.heapBytes());
  }

  private static TargetObservation failed(TargetStatus target, Reason reason, String message) {
    return TargetObservation.of(target.withPhase(Phase.FAILED, reason.name(), message));
  }
}
