package dev.pyrometer.contract;

/**
 * cpu mode: how much of one process's CPU time the profile holds. The rest ran in threads with no
 * Python stack (native threads of an extension, a runtime's helpers), in threads that ended
 * before the sampler ever saw them running, or before the first and after the last tick.
 *
 * @param processSeconds CPU seconds of the whole process over the recording, every thread (Python
 *     or not, ended ones included), from the kernel's account of it
 * @param profiledSeconds CPU seconds the profile holds for the process: its samples times the
 *     sampling interval
 */
public record CpuAccount(double processSeconds, double profiledSeconds) {}
