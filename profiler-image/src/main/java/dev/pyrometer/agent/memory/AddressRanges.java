package dev.pyrometer.agent.memory;

/** Binary search over sorted, non-overlapping address ranges kept as parallel arrays. */
public final class AddressRanges {
  private AddressRanges() {}

  /** The index of the range {@code [starts[i], ends[i])} that holds {@code address}, or -1. */
  public static int indexOf(long[] starts, long[] ends, long address) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (address < starts[mid]) {
        hi = mid - 1;
      } else if (address >= ends[mid]) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }
}
