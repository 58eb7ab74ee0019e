package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * One target pod of a session: where the profiler container went and what it found.
 *
 * @param pod the pod's name
 * @param podUID the pod's UID, so that a new pod with the same name is not mistaken for it
 * @param container the target container, whose PID namespace the profiler shares
 * @param ephemeralContainer the profiler's ephemeral container name
 * @param phase this pod's own phase
 * @param reason why, CamelCase
 * @param message a sentence for humans
 * @param exitCode the profiler's exit code, once it terminated
 * @param samples stack samples over this pod's processes
 * @param top the headline code location in this pod
 * @param processes the Python processes the profiler resolved
 * @param objects memory sessions: Python objects found in this pod's processes
 * @param bytes memory sessions: their bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetStatus(
    @JsonPropertyDescription("The pod's name.") String pod,
    @JsonPropertyDescription("The pod's UID.") String podUID,
    @JsonPropertyDescription("The target container.") String container,
    @JsonPropertyDescription("The profiler's ephemeral container.") String ephemeralContainer,
    @JsonPropertyDescription("Pending, Profiling, Succeeded or Failed.") Phase phase,
    @JsonPropertyDescription("Why, CamelCase.") String reason,
    @JsonPropertyDescription("A sentence for humans.") String message,
    @JsonPropertyDescription("The profiler's exit code.") Integer exitCode,
    @JsonPropertyDescription("Stack samples in this pod.") Long samples,
    @JsonPropertyDescription("The headline code location in this pod.") String top,
    @JsonPropertyDescription("The Python processes profiled.") List<ProcessStatus> processes,
    @JsonPropertyDescription("Memory sessions: Python objects found in this pod.") Long objects,
    @JsonPropertyDescription("Memory sessions: the bytes of those objects.") Long bytes,
    @JsonPropertyDescription("With spec.compareTo: the largest change since that session in this pod, or why it was"
        + " not compared.") String comparison) {

  /** A target whose profiler container was just requested. */
  public static TargetStatus requested(
      String pod, String podUID, String container, String ephemeralContainer) {
    return new TargetStatus(
        pod, podUID, container, ephemeralContainer, Phase.PENDING, "ContainerRequested",
        "profiler container " + ephemeralContainer + " requested", null, null, null, null, null, null, null);
  }

  public TargetStatus withPhase(Phase phase, String reason, String message) {
    return new TargetStatus(
        pod, podUID, container, ephemeralContainer, phase, reason, message, exitCode, samples, top,
        processes, objects, bytes, comparison);
  }

  /** A memory session's totals; its {@code samples} stay empty (a heap has no samples). */
  public TargetStatus withHeap(Long objects, Long bytes) {
    return new TargetStatus(
        pod, podUID, container, ephemeralContainer, phase, reason, message, exitCode, null, top,
        processes, objects, bytes, comparison);
  }

  /** The profiler terminated: its exit code and what it reported. */
  public TargetStatus withResult(
      Phase phase, String reason, String message, Integer exitCode, Long samples, String top,
      List<ProcessStatus> processes) {
    return new TargetStatus(
        pod, podUID, container, ephemeralContainer, phase, reason, message, exitCode, samples, top,
        processes, objects, bytes, comparison);
  }

  /** What the profiler said of the comparison with spec.compareTo. */
  public TargetStatus withComparison(String sentence) {
    return new TargetStatus(
        pod, podUID, container, ephemeralContainer, phase, reason, message, exitCode, samples, top,
        processes, objects, bytes, sentence);
  }

  @JsonIgnore
  public boolean isTerminal() {
    return phase != null && phase.isTerminal();
  }
}
