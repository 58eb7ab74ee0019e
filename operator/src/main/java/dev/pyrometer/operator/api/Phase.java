package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a session, or one of its target pods, is in its life; terminal phases never change. */
public enum Phase {
  @JsonProperty("Pending")
  PENDING("Pending", false, "accepted; the profiler container is requested but not running yet"),
  @JsonProperty("Profiling")
  PROFILING("Profiling", false, "the profiler container runs and samples the target"),
  @JsonProperty("Succeeded")
  SUCCEEDED("Succeeded", true, "the profile was taken and its artifacts are in storage"),
  @JsonProperty("Failed")
  FAILED("Failed", true, "the session ended without a profile; the reason says why");

  private final String value;
  private final boolean terminal;
  private final String description;

  Phase(String value, boolean terminal, String description) {
    this.value = value;
    this.terminal = terminal;
    this.description = description;
  }

  /** The CamelCase name shown in the status. */
  public String value() {
    return value;
  }

  /** True when nothing more will happen: the operator stops reconciling the session. */
  public boolean isTerminal() {
    return terminal;
  }

  public String description() {
    return description;
  }
}
