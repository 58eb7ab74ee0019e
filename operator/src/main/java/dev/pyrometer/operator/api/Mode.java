package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the agent measures; the JSON name is what goes into the agent's {@code --mode}. */
public enum Mode {
  @JsonProperty("cpu")
  CPU("cpu"),
  @JsonProperty("wall")
  WALL("wall"),
  @JsonProperty("offcpu")
  OFFCPU("offcpu"),
  @JsonProperty("memory")
  MEMORY("memory");

  private final String value;

  Mode(String value) {
    this.value = value;
  }

  /** The lower-case name used in the spec and on the agent's command line. */
  public String value() {
    return value;
  }
}
