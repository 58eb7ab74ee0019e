package dev.pyrometer.agent.memory;

/**
 * A remote read failed: the range is unmapped or changed while we read it. While sampling this is
 * expected now and then (the target runs on) and only drops the sample.
 */
public class MemoryReadException extends Exception {
  private final long address;

  public MemoryReadException(String message, long address) {
    super(message, null, false, false); // thrown on the hot path: no stack trace
    this.address = address;
  }

  public long address() {
    return address;
  }
}
