package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One Python process the profiler sampled.
 *
 * @param pid as seen inside the pod
 * @param command its command line
 * @param pythonVersion e.g. 3.12.1
 * @param samples stack samples taken
 * @param top this process's own headline location
 * @param objects memory sessions: Python objects found
 * @param bytes memory sessions: their bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcessStatus(
    @JsonPropertyDescription("The process id inside the pod.") Integer pid,
    @JsonPropertyDescription("Its command line.") String command,
    @JsonPropertyDescription("Its CPython version.") String pythonVersion,
    @JsonPropertyDescription("Stack samples taken.") Long samples,
    @JsonPropertyDescription("This process's own headline location.") String top,
    @JsonPropertyDescription("Memory sessions: Python objects found.") Long objects,
    @JsonPropertyDescription("Memory sessions: their bytes.") Long bytes) {}
