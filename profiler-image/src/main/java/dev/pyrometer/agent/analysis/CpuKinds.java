package dev.pyrometer.agent.analysis;

/** The finding kinds of on-CPU time, as reported in the summary. */
final class CpuKinds {
  /** An application function's own code is hot. */
  static final String HOT_FUNCTION = "cpu.hot-function";
  /** Application code calls a third-party library that is hot. */
  static final String LIBRARY_CALL = "cpu.library-call";
  /** Application code calls a standard-library function that is hot. */
  static final String STDLIB_CALL = "cpu.stdlib-call";
  /** No application frame is on the path. */
  static final String NO_APP_CODE = "cpu.no-app-code";

  private CpuKinds() {}
}
