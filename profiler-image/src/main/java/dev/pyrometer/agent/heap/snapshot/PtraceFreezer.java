package dev.pyrometer.agent.heap.snapshot;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.pyrometer.agent.proc.ProcFs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops every thread of a process with {@code PTRACE_SEIZE} + {@code PTRACE_INTERRUPT} (no
 * signal is sent, nothing in the target changes), and resumes them with {@code PTRACE_DETACH},
 * re-delivering any signal that arrived meanwhile. Threads created during the freeze are caught
 * by re-listing {@code /proc/PID/task} until it is stable. If the analyzer dies while the target
 * is stopped, the kernel detaches and resumes every thread.
 *
 * <p>When ptrace is refused (no CAP_SYS_PTRACE, Yama), {@link #freeze} returns a no-op freeze and
 * the copy runs unfrozen: {@link Frozen#pauseNanos()} is then 0.
 */
public final class PtraceFreezer implements Freezer {
  private static final int MAX_ROUNDS = 20;
  private static final long POLL_NANOS = 50_000;
  /** Threads that take longer than this to stop (uninterruptible I/O) are released at thaw. */
  private static final long STOP_TIMEOUT_NANOS = 2_000_000_000L;
  private static final long DETACH_TIMEOUT_NANOS = 10_000_000_000L;

  @Override
  public Frozen freeze(int pid, Duration budget) {
    FrozenProcess frozen = new FrozenProcess(pid);
    try {
      frozen.stopAll(Math.min(STOP_TIMEOUT_NANOS, Math.max(budget.toNanos(), 1)));
    } catch (RuntimeException | Error e) {
      frozen.thaw();
      throw e;
    }
    return frozen;
  }

  /** The seized threads and their state; thaw detaches every one of them. */
  static final class FrozenProcess implements Frozen {
    private final int pid;
    /** Seized threads → wait status once stopped (0 while not yet seen stopped). */
    private final Map<Integer, Integer> threads = new LinkedHashMap<>();
    private long started;
    private long thawed;
    private boolean refused;

    FrozenProcess(int pid) {
      this.pid = pid;
    }

    void stopAll(long timeoutNanos) {
      started = System.nanoTime();
      for (int round = 0; round < MAX_ROUNDS; round++) {
        boolean added = false;
        for (int tid : ProcFs.tasks(pid)) {
          if (!threads.containsKey(tid) && seize(tid)) {
            added = true;
          }
          if (refused) {
            return;
          }
        }
        if (!added) {
          break;
        }
        awaitStops(started + timeoutNanos);
      }
    }

    /** Seizes and interrupts one thread; false when it is gone (or ptrace is refused). */
    private boolean seize(int tid) {
      try {
        Ptrace.ptrace(Ptrace.PTRACE_SEIZE, tid, Pointer.NULL, Pointer.NULL);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Ptrace.EPERM && threads.isEmpty()) {
          refused = true; // not allowed to stop it: copy without a freeze
        }
        return false;
      }
      threads.put(tid, 0);
      try {
        Ptrace.ptrace(Ptrace.PTRACE_INTERRUPT, tid, Pointer.NULL, Pointer.NULL);
      } catch (LastErrorException e) {
        // exited between the two calls: the wait reports it
      }
      return true;
    }

    /** Polls until every seized thread reported its stop, or the deadline. */
    private void awaitStops(long deadline) {
      int[] status = new int[1];
      while (true) {
        boolean waiting = false;
        for (Map.Entry<Integer, Integer> t : threads.entrySet()) {
          if (t.getValue() != 0) {
            continue;
          }
          int result = poll(t.getKey(), status);
          if (result == 0) {
            waiting = true;
          } else {
            t.setValue(result < 0 ? -1 : status[0]); // -1: gone
          }
        }
        if (!waiting || System.nanoTime() > deadline) {
          return;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
      }
    }

    /** 1 when the thread stopped (status filled), 0 when not yet, -1 when it is gone. */
    private static int poll(int tid, int[] status) {
      try {
        int r = Ptrace.waitpid(tid, status, Ptrace.WALL | Ptrace.WNOHANG);
        if (r == 0) {
          return 0;
        }
        return Ptrace.stopped(status[0]) ? 1 : -1;
      } catch (LastErrorException e) {
        return e.getErrorCode() == Ptrace.EINTR ? 0 : -1;
      }
    }

    @Override
    public long startedNanos() {
      return started;
    }

    @Override
    public long pauseNanos() {
      if (refused || started == 0) {
        return 0;
      }
      return (thawed != 0 ? thawed : System.nanoTime()) - started;
    }

    @Override
    public boolean complete() {
      return !refused && !threads.isEmpty() && threads.values().stream().noneMatch(state -> state == 0);
    }

    /** Threads seized and still not detached (0 after thaw unless one could never be stopped). */
    int attached() {
      return threads.size();
    }

    /** Detaches every thread; one that has not stopped yet is waited for first (detach needs a stop). */
    @Override
    public void thaw() {
      if (thawed != 0) {
        return;
      }
      thawed = System.nanoTime();
      long deadline = thawed + DETACH_TIMEOUT_NANOS;
      int[] status = new int[1];
      while (!threads.isEmpty()) {
        var it = threads.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<Integer, Integer> t = it.next();
          int state = t.getValue();
          if (state == 0) {
            int result = poll(t.getKey(), status);
            if (result == 0) {
              continue;
            }
            state = result < 0 ? -1 : status[0];
          }
          if (state != -1) {
            detach(t.getKey(), Ptrace.pendingSignal(state));
          }
          it.remove();
        }
        if (System.nanoTime() > deadline) {
          return; // never stopped: the kernel detaches them when the analyzer exits
        }
        java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
      }
    }

    private static void detach(int tid, int signal) {
      try {
        Ptrace.ptrace(Ptrace.PTRACE_DETACH, tid, Pointer.NULL, Pointer.createConstant(signal));
      } catch (LastErrorException e) {
        // exited meanwhile
      }
    }
  }
}
