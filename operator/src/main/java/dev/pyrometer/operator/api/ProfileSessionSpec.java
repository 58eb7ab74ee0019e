package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What to profile, how and for how long. Immutable once created: a session runs once, and every
 * run leaves a permanent ephemeral container in the pod, so a re-run is a new session.
 */
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: create a new ProfileSession to profile again")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileSessionSpec {
  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  @Required
  @JsonPropertyDescription("The pods to profile, in the session's own namespace.")
  private TargetSpec target;

  @Default("cpu")
  @JsonPropertyDescription(
      "cpu: where running threads spend CPU; wall: every thread, running or waiting; offcpu: where"
          + " threads block; memory: which objects hold the heap.")
  private Mode mode;

  @Default("30s")
  @Pattern(Durations.PATTERN)
  @ValidationRule(
      value = "duration(self) >= duration('1s') && duration(self) <= duration('30m')",
      message = "duration must be between 1s and 30m")
  @JsonPropertyDescription("How long to sample, e.g. 30s, 5m, 1m30s (1s to 30m).")
  private String duration;

  @Default("100")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Samples per second per thread (1 to 1000).")
  private Integer rate;

  @JsonPropertyDescription("The profiler container.")
  private AgentSpec agent;

  @JsonPropertyDescription("Where the artifacts go; defaults come from the operator's configuration.")
  private StorageSpec storage;

  @Default("2m")
  @Pattern(Durations.PATTERN)
  @ValidationRule(
      value = "duration(self) >= duration('1s') && duration(self) <= duration('1h')",
      message = "startTimeout must be between 1s and 1h")
  @JsonPropertyDescription(
      "How long the profiler container may take to start (image pull included) before the"
          + " session fails with StartTimeout.")
  private String startTimeout;

  @Pattern(NAME_PATTERN)
  @JsonPropertyDescription(
      "Another ProfileSession in this namespace, Succeeded and of the same mode, to compare with: the"
          + " report gets the ranked changes and a differential flame graph, the status the largest"
          + " change (insight). A ProfileSchedule sets it to its previous successful session.")
  private String compareTo;

  public TargetSpec getTarget() {
    return target;
  }

  public void setTarget(TargetSpec target) {
    this.target = target;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Integer getRate() {
    return rate;
  }

  public void setRate(Integer rate) {
    this.rate = rate;
  }

  public AgentSpec getAgent() {
    return agent;
  }

  public void setAgent(AgentSpec agent) {
    this.agent = agent;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public String getCompareTo() {
    return compareTo;
  }

  public void setCompareTo(String compareTo) {
    this.compareTo = compareTo;
  }

  public String getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(String startTimeout) {
    this.startTimeout = startTimeout;
  }
}
