package dev.pyrometer.operator.status;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSessionStatus;
import dev.pyrometer.operator.api.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The events that record how a session's status changed: one per transition, none otherwise. */
public final class TransitionEvents {
  private TransitionEvents() {}

  public static List<SessionEvent> between(ProfileSessionStatus before, ProfileSessionStatus after) {
    List<SessionEvent> events = new ArrayList<>();
    Map<String, TargetStatus> old =
        Optional.ofNullable(before).map(ProfileSessionStatus::getTargets).orElse(List.of()).stream()
            .collect(Collectors.toMap(TargetStatus::pod, Function.identity(), (a, b) -> a));
    boolean several = after.getTargets().size() > 1;
    for (TargetStatus now : after.getTargets()) {
      TargetStatus was = old.get(now.pod());
      Phase wasPhase = was == null ? null : was.phase();
      if (was == null && now.phase() != Phase.FAILED) {
        events.add(
            SessionEvent.normal(
                EventReason.EphemeralContainerAdded,
                "added profiler container %s to pod %s (target container %s)"
                    .formatted(now.ephemeralContainer(), now.pod(), now.container())));
      }
      if (now.phase() == wasPhase) {
        continue;
      }
      if (now.phase() == Phase.PROFILING) {
        events.add(
            SessionEvent.normal(EventReason.ProfilerStarted, "profiler running in pod " + now.pod()));
      } else if (several && now.phase() == Phase.SUCCEEDED) {
        events.add(SessionEvent.normal(EventReason.ProfilerFinished, now.message()));
      } else if (several && now.phase() == Phase.FAILED) {
        events.add(SessionEvent.warning(now.reason(), "pod " + now.pod() + ": " + now.message()));
      }
    }
    Phase wasPhase = before == null ? null : before.getPhase();
    if (after.getPhase() != wasPhase && after.getPhase().isTerminal()) {
      events.add(
          after.getPhase() == Phase.SUCCEEDED
              ? SessionEvent.normal(EventReason.Succeeded, after.getMessage())
              : SessionEvent.warning(after.getReason(), after.getMessage()));
    }
    return events;
  }
}
