package dev.pyrometer.agent.heap.snapshot;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The ptrace calls of the freeze, bound with JNA direct mapping. Linux ties a tracee to the
 * tracer <em>thread</em>: seize, wait and detach must all run on the thread that seized.
 */
final class Ptrace {
  static final long PTRACE_DETACH = 17;
  static final long PTRACE_SEIZE = 0x4206;
  static final long PTRACE_INTERRUPT = 0x4207;
  /** Wait for any child kind, including threads of another thread group (our tracees). */
  static final int WALL = 0x40000000;
  static final int WNOHANG = 1;
  static final int PTRACE_EVENT_STOP = 128;
  static final int SIGTRAP = 5;

  static final int EPERM = 1;
  static final int ESRCH = 3;
  static final int ECHILD = 10;
  static final int EINTR = 4;

  static {
    Native.register("c");
  }

  private Ptrace() {}

  /** ptrace(2). glibc declares it variadic; on x86-64 and aarch64 integer arguments pass alike. */
  static native long ptrace(long request, int pid, Pointer addr, Pointer data) throws LastErrorException;

  /** waitpid(2) with the status written to {@code status[0]}. */
  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  /** True when a wait status says the thread stopped (any kind of ptrace stop). */
  static boolean stopped(int status) {
    return (status & 0xff) == 0x7f;
  }

  /** True when the thread exited or was killed. */
  static boolean gone(int status) {
    return !stopped(status) && (status & 0xffff) != 0xffff;
  }

  /** The signal of a signal-delivery stop (to re-inject when detaching), 0 for our own stops. */
  static int pendingSignal(int status) {
    int signal = (status >> 8) & 0xff;
    boolean eventStop = (status >> 16) == PTRACE_EVENT_STOP;
    return eventStop || signal == SIGTRAP ? 0 : signal;
  }
}
