package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.AgentSpec;
import dev.pyrometer.operator.api.Durations;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.ProfileSessionSpec;
import dev.pyrometer.operator.api.StorageSpec;
import dev.pyrometer.operator.api.TargetSpec;
import dev.pyrometer.operator.config.OperatorConfig;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a spec into a {@link SessionPlan}: applies the defaults (for fields the CRD schema could
 * not default, like those of an absent {@code agent}) and repeats the schema's checks, so that a
 * spec that got past a laxer API server still ends in a clear InvalidSpec.
 */
public final class SpecValidator {
  static final Duration MIN_DURATION = Duration.ofSeconds(1);
  static final Duration MAX_DURATION = Duration.ofMinutes(30);
  static final int MAX_PODS = 20;

  private final OperatorConfig config;

  public SpecValidator(OperatorConfig config) {
    this.config = config;
  }

  /** @throws SessionFailure with {@link Reason#InvalidSpec} naming the first bad field */
  public SessionPlan validate(ProfileSessionSpec spec) {
    if (spec == null || spec.getTarget() == null) {
      throw invalid("spec.target is required");
    }
    TargetSpec target = spec.getTarget();
    boolean byName = target.getPodName() != null && !target.getPodName().isBlank();
    boolean bySelector = target.getPodSelector() != null;
    if (byName == bySelector) {
      throw invalid("set exactly one of spec.target.podName and spec.target.podSelector");
    }
    int maxPods = Objects.requireNonNullElse(target.getMaxPods(), 1);
    if (maxPods < 1 || maxPods > MAX_PODS) {
      throw invalid("spec.target.maxPods must be between 1 and " + MAX_PODS);
    }
    if (byName && target.getMaxPods() != null) {
      throw invalid("spec.target.maxPods applies only with spec.target.podSelector");
    }
    String processMatch = target.getProcessMatch();
    if (processMatch != null) {
      try {
        Pattern.compile(processMatch);
      } catch (PatternSyntaxException e) {
        throw invalid(
            "spec.target.processMatch is not a regular expression: " + e.getDescription());
      }
    }
    Duration duration = duration("spec.duration", spec.getDuration(), "30s");
    if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
      throw invalid("spec.duration must be between 1s and 30m, not " + spec.getDuration());
    }
    Duration startTimeout = duration("spec.startTimeout", spec.getStartTimeout(), "2m");
    if (startTimeout.compareTo(MIN_DURATION) < 0 || startTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw invalid("spec.startTimeout must be between 1s and 1h, not " + spec.getStartTimeout());
    }
    int rate = Objects.requireNonNullElse(spec.getRate(), 100);
    if (rate < 1 || rate > 1000) {
      throw invalid("spec.rate must be between 1 and 1000 Hz, not " + rate);
    }
    AgentSpec agent = Optional.ofNullable(spec.getAgent()).orElseGet(AgentSpec::new);
    StorageSpec storage = Optional.ofNullable(spec.getStorage()).orElseGet(StorageSpec::new);
    if (storage.getBucket() != null && !storage.getBucket().matches(StorageSpec.BUCKET_PATTERN)) {
      throw invalid("spec.storage.bucket '" + storage.getBucket() + "' is not an S3 bucket name");
    }
    return new SessionPlan(
        byName ? target.getPodName() : null,
        bySelector ? target.getPodSelector() : null,
        maxPods,
        blankToNull(target.getContainer()),
        processMatch,
        Objects.requireNonNullElse(target.getProcesses(), dev.pyrometer.operator.api.Processes.AUTO),
        Objects.requireNonNullElse(spec.getMode(), Mode.CPU),
        duration,
        rate,
        Objects.requireNonNullElse(agent.getPrivileged(), true),
        Optional.ofNullable(blankToNull(agent.getImage())).orElse(config.agent().image()),
        Optional.ofNullable(blankToNull(storage.getBucket())).orElse(config.storage().bucket()),
        Optional.ofNullable(storage.getPrefix()).orElse(config.storage().prefix()),
        startTimeout,
        compareTo(spec.getCompareTo()));
  }

  private static String compareTo(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    if (!name.matches(ProfileSessionSpec.NAME_PATTERN)) {
      throw invalid("spec.compareTo '" + name + "' is not a ProfileSession name");
    }
    return name;
  }

  private static Duration duration(String field, String text, String fallback) {
    try {
      return Durations.parse(text == null ? fallback : text);
    } catch (IllegalArgumentException e) {
      throw invalid(field + ": " + e.getMessage());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static SessionFailure invalid(String message) {
    return new SessionFailure(Reason.InvalidSpec, message);
  }
}
