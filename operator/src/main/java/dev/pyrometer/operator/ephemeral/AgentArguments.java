package dev.pyrometer.operator.ephemeral;

import dev.pyrometer.operator.api.Durations;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.reconcile.SessionPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's command line for a session (the image's entrypoint is the {@code pyrometer}
 * launcher, so these are the container's {@code args}); see AGENT-CLI in the README.
 */
public final class AgentArguments {
  /** The kubelet's default terminationMessagePath, where the agent writes its summary. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  private AgentArguments() {}

  public static List<String> of(SessionPlan plan, String outputDir) {
    List<String> args = new ArrayList<>();
    if (plan.mode() == Mode.MEMORY) {
      // the duration spreads snapshots over the session: what grows is the answer
      MemorySchedule schedule = MemorySchedule.of(plan.duration());
      args.addAll(
          List.of(
              "heap",
              "--snapshots", Integer.toString(schedule.snapshots()),
              "--interval", Durations.format(schedule.interval())));
    } else {
      args.addAll(
          List.of(
              "record",
              "--mode", plan.mode().value(),
              "--duration", Durations.format(plan.duration()),
              "--rate", Integer.toString(plan.rate())));
    }
    if (plan.processMatch() != null) {
      args.add("--match");
      args.add(plan.processMatch());
    }
    if (plan.compareTo() != null) {
      // the base's profiles come in PYROMETER_BASE_PROFILE_n, as the upload URLs do
      args.addAll(List.of("--compare-from-env", "--compare-name", "session " + plan.compareTo()));
    }
    // which of the container's Python processes: the agent sees /proc and chooses
    args.addAll(List.of("--processes", plan.processes().value()));
    args.addAll(
        List.of("--output", outputDir, "--upload-from-env", "--termination-log", TERMINATION_LOG));
    return List.copyOf(args);
  }
}
