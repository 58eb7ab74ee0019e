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
    // Without this property JNA's NativeLibrary runs `/sbin/ldconfig -p` (a fork and exec) when it
    // is first used, only to learn search paths for libraries we do not load: libc is found by
    // dlopen whatever the paths. A value set by the user (-Djna.platform.library.path) wins.
    if (System.getProperty("jna.platform.library.path") == null) {
      String multiarch = System.getProperty("os.arch").equals("aarch64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
      System.setProperty("jna.platform.library.path",
          "/lib/" + multiarch + ":/usr/lib/" + multiarch + ":/lib64:/usr/lib64:/lib:/usr/lib");
    }
    Native.register("c");
  }

  /** Binds the calls now (loads JNA's native part), so that the first read does not wait for it. */
  static void load() {
    // the static initializer above does the work
  }

  private LibC() {}

  /** clock_nanosleep(2); returns 0 or an error number (not errno). */
  static native int clock_nanosleep(int clockId, int flags, Pointer request, Pointer remain);

  /** process_vm_readv(2): copies remote iovecs into local iovecs without stopping the target. */
  static native long process_vm_readv(
      int pid, Pointer localIov, long localCount, Pointer remoteIov, long remoteCount, long flags)
      throws LastErrorException;
}
