package dev.pyrometer.operator.reconcile;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.BaseProfiles;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.storage.UploadPresigner;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The session a session is compared with ({@code spec.compareTo}): checked before anything starts
 * (it must exist in the same namespace, have Succeeded and be of the same mode), and handed to the
 * profiler as presigned GET URLs of its folded files, one per pod, so the profiler renders the
 * comparison without storage credentials.
 */
public final class CompareBase {
  private final BiFunction<String, String, Optional<ProfileSession>> sessions;
  private final UploadPresigner presigner;

  /** @param sessions finds a session by namespace and name, as the API server has it now */
  public CompareBase(BiFunction<String, String, Optional<ProfileSession>> sessions, UploadPresigner presigner) {
    this.sessions = sessions;
    this.presigner = presigner;
  }

  /**
   * The profiler's environment for the comparison ({@link BaseProfiles#envVar}), empty without
   * {@code compareTo}.
   *
   * @param expiry how long the URLs stay valid: until the profiler has sampled
   * @throws SessionFailure naming why the base cannot be compared with
   */
  public Map<String, String> urls(ProfileSession session, SessionPlan plan, Duration expiry) {
    if (plan.compareTo() == null) {
      return Map.of();
    }
    String namespace = session.getMetadata().getNamespace();
    String name = plan.compareTo();
    ProfileSession base = sessions.apply(namespace, name).orElseThrow(() -> new SessionFailure(
        Reason.CompareToNotFound, "spec.compareTo: no ProfileSession " + name + " in namespace " + namespace));
    Phase phase = base.getStatus() == null ? null : base.getStatus().getPhase();
    if (phase != Phase.SUCCEEDED) {
      throw new SessionFailure(Reason.CompareToNotSucceeded, "spec.compareTo: session " + name + " is "
          + (phase == null ? "not started" : phase.value()) + ", not Succeeded: only a finished profile can be compared with");
    }
    Mode baseMode = Objects.requireNonNullElse(base.getSpec() == null ? null : base.getSpec().getMode(), Mode.CPU);
    if (baseMode != plan.mode()) {
      throw new SessionFailure(Reason.CompareToModeMismatch, "spec.compareTo: session " + name + " is a "
          + baseMode.value() + " session, this one " + plan.mode().value() + ": compare sessions of the same mode");
    }
    String folded = (plan.mode() == Mode.MEMORY ? Artifact.MEMORY_FOLDED : Artifact.FOLDED).fileName();
    List<ArtifactStatus> profiles = base.getStatus().getArtifacts().stream().filter(a -> folded.equals(a.name())).toList();
    if (profiles.isEmpty()) {
      throw new SessionFailure(Reason.CompareToNotSucceeded, "spec.compareTo: session " + name + " has no " + folded
          + " in its status to compare with");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < profiles.size() && i < BaseProfiles.MAX; i++) {
      URI uri = URI.create(profiles.get(i).uri());
      env.put(BaseProfiles.envVar(i + 1), presigner.presignGet(uri.getHost(), uri.getPath().replaceFirst("^/", ""), expiry));
    }
    return env;
  }
}
