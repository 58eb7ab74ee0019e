package dev.pyrometer.agent.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls the agent makes, bound with JNA direct mapping (no reflection per call). */
final class LibC {
  static final int EPERM = 1;
  static final int ESRCH = 3;
  static final int EFAULT = 14;
  static final int ENOSYS = 38;

  static {
    Native.register("c");
  }

  private LibC() {}

  /** process_vm_readv(2): copies remote iovecs into local iovecs without stopping the target. */
  static native long process_vm_readv(
      int pid, Pointer localIov, long localCount, Pointer remoteIov, long remoteCount, long flags)
      throws LastErrorException;
}
