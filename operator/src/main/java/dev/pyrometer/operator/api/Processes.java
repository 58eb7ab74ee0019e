package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which Python processes of the target container a session profiles (after {@code processMatch}):
 * the JSON name goes into the agent's {@code --processes}.
 */
public enum Processes {
  /** The ones that matter for the mode: the busiest program by CPU (a server's workers together), the largest by RSS for memory. */
  @JsonProperty("auto")
  AUTO("auto"),
  /** Every one. */
  @JsonProperty("all")
  ALL("all");

  private final String value;

  Processes(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
