package dev.pyrometer.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the agent found and sampled in one target process.
 *
 * @param pid the process id, as seen in the agent's PID namespace
 * @param commandLine the process's command line, arguments separated by spaces
 * @param pythonVersion e.g. {@code 3.12.1}; null when the interpreter could not be identified
 * @param samples thread stacks recorded
 * @param dropped thread stacks attempted but discarded (torn reads, vanished threads)
 * @param droppedByReason the same, split by cause
 * @param topStack the most frequent stack, root first, each frame {@code name (file:line)}
 * @param topStackSamples how many samples had exactly that stack
 * @param error why this process could not be sampled, when it could not
 * @param finding this process's own headline (record), when it has one
 * @param heapBytes memory mode: the bytes of the Python objects found ({@code samples} counts them)
 * @param clock ticks asked for, sampled and missed (recordings only; null otherwise)
 * @param cpu cpu mode: the process's CPU seconds and how many of them the profile holds (null in
 *     the other modes, and when the process exited before the end)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessSummary(
    int pid,
    String commandLine,
    String pythonVersion,
    long samples,
    long dropped,
    Map<String, Long> droppedByReason,
    List<String> topStack,
    long topStackSamples,
    String error,
    Finding finding,
    Long heapBytes,
    SamplingClock clock,
    CpuAccount cpu) {

  /** A process without a headline of its own, heap bytes, a sampling clock or a CPU account. */
  public ProcessSummary(int pid, String commandLine, String pythonVersion, long samples, long dropped,
      Map<String, Long> droppedByReason, List<String> topStack, long topStackSamples, String error) {
    this(pid, commandLine, pythonVersion, samples, dropped, droppedByReason, topStack, topStackSamples, error, null, null, null, null);
  }

  public ProcessSummary withFinding(Finding headline) {
    return new ProcessSummary(pid, commandLine, pythonVersion, samples, dropped, droppedByReason, topStack,
        topStackSamples, error, headline, heapBytes, clock, cpu);
  }
}
