package dev.pyrometer.agent.python;

/** Cheap checks of remote pointers before anything follows them. */
public final class PythonPointers {
  /** User space ends below this on x86-64 and aarch64 (47/48-bit address spaces). */
  private static final long USER_SPACE_END = 1L << 48;

  private PythonPointers() {}

  /** Non-null, 8-byte aligned (every Python object and frame is), inside user space. */
  public static boolean plausible(long address) {
    return address > 4096 && (address & 7) == 0 && address < USER_SPACE_END;
  }

  /** C strings ({@code tp_name}) need no alignment. */
  public static boolean plausibleCString(long address) {
    return address > 4096 && address < USER_SPACE_END;
  }
}
