package dev.pyrometer.agent.analysis;

/**
 * A leaf path with what the analysis concluded about it.
 *
 * @param path the path and its weight
 * @param blocking the blocking rule that matched, null for on-CPU samples
 * @param kind the finding kind ({@link BlockingCause#kind()} or a {@link CpuKinds} constant)
 * @param verdict whether it is worth fixing
 * @param location the frame a user should open: the deepest application frame, else a fallback
 * @param call what {@code location} calls on this path (the next frame down), null when nothing
 * @param pattern the recognised CPU pattern below the application frame, null when none
 * @param groupKey paths with equal keys form one finding
 */
record ClassifiedPath(LeafPath path, BlockingRules.Blocking blocking, String kind, Verdict verdict, PathFrame location,
    boolean applicationCode, PathFrame call, CpuPattern pattern, String groupKey) {}
