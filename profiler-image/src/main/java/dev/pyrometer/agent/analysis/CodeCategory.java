package dev.pyrometer.agent.analysis;

/** Whose code a frame runs: what a user can change directly, what they call, or neither. */
public enum CodeCategory {
  /** The user's own code: anything outside the interpreter's library directories. */
  APP("application"),
  /** A third-party package installed in site-packages or dist-packages. */
  LIBRARY("library"),
  /** The Python standard library, including frozen modules. */
  STDLIB("standard library"),
  /** The interpreter, native code, system calls and sampler markers. */
  NATIVE("interpreter / native");

  private final String label;

  CodeCategory(String label) {
    this.label = label;
  }

  /** How reports name the category. */
  public String label() {
    return label;
  }
}
