package dev.pyrometer.agent.upload;

import java.time.Duration;

/** The time the retry budget is counted in: the system's, or a test's that moves only when told. */
interface RetryClock {
  RetryClock SYSTEM = new RetryClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean sleep(Duration wait) {
      try {
        Thread.sleep(wait.toMillis());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  };

  long nanoTime();

  /** Waits; false when interrupted. */
  boolean sleep(Duration wait);
}
