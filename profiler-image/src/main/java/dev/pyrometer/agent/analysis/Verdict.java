package dev.pyrometer.agent.analysis;

/** Whether a finding is something to fix, a consequence of other work, or no problem at all. */
public enum Verdict {
  /** Time a user can win back by changing the code at the finding's location. */
  PROBLEM,
  /** A thread waiting for other threads; the cause lies in what those threads do. */
  WAITING,
  /** A worker, server or event loop with nothing to do: not a problem. */
  IDLE
}
