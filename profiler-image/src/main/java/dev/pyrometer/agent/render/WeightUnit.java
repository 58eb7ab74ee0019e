package dev.pyrometer.agent.render;

/** What the weights of a call tree count: samples (CPU, wall, off-CPU) or bytes (memory). */
public enum WeightUnit {
  SAMPLES("samples", "none"),
  BYTES("bytes", "bytes");

  private final String id;
  private final String speedscopeUnit;

  WeightUnit(String id, String speedscopeUnit) {
    this.id = id;
    this.speedscopeUnit = speedscopeUnit;
  }

  /** The name the flame graph page knows: {@code samples} or {@code bytes}. */
  public String id() {
    return id;
  }

  /** The value of speedscope's {@code unit} field. */
  public String speedscopeUnit() {
    return speedscopeUnit;
  }
}
