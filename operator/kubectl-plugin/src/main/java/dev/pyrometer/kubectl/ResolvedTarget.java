package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * A target checked against the cluster: one pod by name, or a workload's pod selector, and the
 * container to profile. Exactly one of {@code podName} and {@code selector} is set, as the CRD
 * requires.
 */
public record ResolvedTarget(Target target, String podName, LabelSelector selector, String container) {}
