package dev.pyrometer.agent.heap.snapshot;

/** The planned copy is larger than the snapshot may take. */
public final class SnapshotTooLargeException extends RuntimeException {
  private final long planned;
  private final long limit;

  public SnapshotTooLargeException(long planned, long limit) {
    super("the snapshot would copy " + planned + " bytes, more than the limit of " + limit);
    this.planned = planned;
    this.limit = limit;
  }

  public long planned() {
    return planned;
  }

  public long limit() {
    return limit;
  }
}
