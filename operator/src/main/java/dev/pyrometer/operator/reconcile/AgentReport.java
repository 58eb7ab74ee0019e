package dev.pyrometer.operator.reconcile;

import dev.pyrometer.contract.ProcessSummary;
import dev.pyrometer.contract.RunSummary;
import dev.pyrometer.contract.SummaryCodec;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a terminated profiler container left: the kubelet's exit code and reason, and the agent's
 * summary from the termination message (absent when the agent died before writing it).
 *
 * @param exitCode the container's exit code
 * @param kubeletReason e.g. Completed, Error, OOMKilled
 * @param summary the agent's summary, or null
 * @param rawMessage the termination message as the kubelet stored it
 */
public record AgentReport(int exitCode, String kubeletReason, RunSummary summary, String rawMessage) {

  public static AgentReport of(ContainerStateTerminated terminated) {
    String message = terminated.getMessage();
    RunSummary summary = null;
    if (message != null && !message.isBlank()) {
      try {
        summary = SummaryCodec.fromJson(message);
      } catch (IllegalArgumentException notASummary) {
        // a crash before the summary was written leaves other text (or FallbackToLogs output)
      }
    }
    return new AgentReport(
        Optional.ofNullable(terminated.getExitCode()).orElse(-1),
        terminated.getReason(),
        summary,
        message);
  }

  /**
   * The headline location: the finding's, else the innermost Python frame (not a kernel frame,
   * marked {@code [k]}) of the busiest process's top stack.
   */
  public Optional<String> top() {
    if (summary == null) {
      return Optional.empty();
    }
    if (summary.finding() != null && summary.finding().location() != null) {
      return Optional.of(summary.finding().location());
    }
    return Optional.ofNullable(summary.processes()).orElse(List.of()).stream()
        .filter(p -> p.topStack() != null && !p.topStack().isEmpty())
        .max(Comparator.comparingLong(ProcessSummary::samples))
        .flatMap(p -> innermostPythonFrame(p.topStack()));
  }

  private static Optional<String> innermostPythonFrame(List<String> stack) {
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (!stack.get(i).endsWith("[k]")) {
        return Optional.of(stack.get(i));
      }
    }
    return Optional.empty();
  }

  /** Why there is no summary, in words, with the start of whatever the container left. */
  public String describeCrash() {
    StringBuilder out = new StringBuilder("the profiler exited with code " + exitCode);
    if (kubeletReason != null) {
      out.append(" (").append(kubeletReason).append(')');
    }
    out.append(" without writing its summary");
    if (rawMessage != null && !rawMessage.isBlank()) {
      String start = rawMessage.strip();
      out.append(": ").append(start.length() > 300 ? start.substring(0, 300) + "…" : start);
    }
    return out.toString();
  }
}
