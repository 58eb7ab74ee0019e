package dev.pyrometer.contract;

/**
 * How well the sampling clock of one process kept the rate asked for: each tick reads every Python
 * thread of the process once; a tick the sampler was too late for is skipped (never made up in a
 * burst) and counted as missed.
 *
 * @param requestedHz ticks per second asked for ({@code --rate})
 * @param ticks ticks the clock had over the sampling time: sampled + missed
 * @param ticksSampled ticks at which the process was read
 * @param ticksMissed ticks skipped because the sampler was behind (a busy machine, a CPU limit, a
 *     rate above what one sample costs)
 * @param ticksFailed sampled ticks at which the interpreter itself could not be read (torn or
 *     exiting); their threads count as dropped
 * @param achievedHz ticks sampled per second of sampling: 450 when 1000 Hz was asked and half the
 *     ticks were missed
 */
public record SamplingClock(
    int requestedHz, long ticks, long ticksSampled, long ticksMissed, long ticksFailed, double achievedHz) {}
