package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of Pod Security Admission that judges ephemeral containers: a namespace labelled
 * {@code pod-security.kubernetes.io/enforce: baseline} (or {@code restricted}) refuses privileged
 * containers and added capabilities outside the level's list, with the API server's wording. The
 * real PSA evaluates every pods/ephemeralcontainers update (it ignores only exec, attach, log...).
 */
final class PodSecurityAdmission {
  static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

  /** Capabilities the baseline level allows a container to add. */
  static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
          "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

  private PodSecurityAdmission() {}

  /**
   * @return the denial message, or empty when the namespace's level admits the containers
   */
  static Optional<String> judge(
      Map<String, String> namespaceLabels, String podName, List<EphemeralContainer> added) {
    String level = Optional.ofNullable(namespaceLabels).map(l -> l.get(ENFORCE_LABEL)).orElse("privileged");
    if (level.equals("privileged")) {
      return Optional.empty();
    }
    List<String> violations = new ArrayList<>();
    List<String> privileged = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();
    for (EphemeralContainer c : added) {
      SecurityContext sc = c.getSecurityContext();
      if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
        privileged.add("container \"" + c.getName() + "\" must not set securityContext.privileged=true");
      }
      List<String> add =
          Optional.ofNullable(sc).map(SecurityContext::getCapabilities).map(Capabilities::getAdd).orElse(List.of());
      Set<String> allowed = level.equals("restricted") ? Set.of("NET_BIND_SERVICE") : BASELINE_CAPABILITIES;
      for (String cap : add) {
        if (!allowed.contains(cap)) {
          capabilities.add(
              "container \"" + c.getName() + "\" must not include \"" + cap
                  + "\" in securityContext.capabilities.add");
        }
      }
    }
    if (!privileged.isEmpty()) {
      violations.add("privileged (" + String.join(", ", privileged) + ")");
    }
    if (!capabilities.isEmpty()) {
      violations.add("non-default capabilities (" + String.join(", ", capabilities) + ")");
    }
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "pods \"" + podName + "\" is forbidden: violates PodSecurity \"" + level + ":latest\": "
            + String.join("; ", violations));
  }
}
