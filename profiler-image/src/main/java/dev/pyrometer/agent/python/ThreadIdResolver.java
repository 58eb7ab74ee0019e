package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.MemoryReadException;
import dev.pyrometer.agent.memory.ProcessMemory;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Maps a {@code pthread_t} to the Linux thread id, for 3.8–3.10 whose thread states carry no
 * native thread id. A {@code pthread_t} is the address of the C library's {@code struct pthread},
 * which holds the tid at a fixed offset (720 in glibc 2.36 on x86-64, 48 in musl): the offset is
 * calibrated once per process by finding the word that equals a known tid for every thread (at
 * a known offset: for most threads). Also the fallback of {@link OsThreadTies} when a 3.11+
 * thread state's {@code native_thread_id} is stale after a fork.
 */
public final class ThreadIdResolver {
  private static final int SCAN_BYTES = 2048;
  private static final int[] KNOWN_OFFSETS = {720, 208, 48};

  private final ProcessMemory memory;
  private final Supplier<Set<Integer>> liveTids;
  private int offset = -1;

  /** @param liveTids the process's thread ids as the target sees them (its PID namespace) */
  public ThreadIdResolver(ProcessMemory memory, Supplier<Set<Integer>> liveTids) {
    this.memory = memory;
    this.liveTids = liveTids;
  }

  /** The tid, or 0 when it cannot be told (yet). */
  public int resolve(long pthread) {
    if (offset < 0 || !PythonPointers.plausible(pthread)) {
      return 0;
    }
    try {
      return memory.readInt(pthread + offset);
    } catch (MemoryReadException e) {
      return 0;
    }
  }

  /** The process's live thread ids (target PID namespace). */
  Set<Integer> liveTids() {
    return liveTids.get();
  }

  public boolean calibrated() {
    return offset >= 0;
  }

  /** Finds the tid offset from the current threads' {@code pthread_t} values; idempotent. */
  public void calibrate(List<Long> pthreads) {
    if (offset >= 0 || pthreads.isEmpty()) {
      return;
    }
    Set<Integer> tids = liveTids.get();
    byte[][] structs = new byte[pthreads.size()][];
    for (int i = 0; i < structs.length; i++) {
      try {
        structs[i] = PythonPointers.plausible(pthreads.get(i)) ? memory.read(pthreads.get(i), SCAN_BYTES) : null;
      } catch (MemoryReadException e) {
        structs[i] = null;
      }
    }
    for (int candidate : KNOWN_OFFSETS) {
      if (matchesMost(structs, candidate, tids)) {
        offset = candidate;
        return;
      }
    }
    for (int candidate = 0; candidate + 4 <= SCAN_BYTES; candidate += 4) {
      if (matchesAll(structs, candidate, tids)) {
        offset = candidate;
        return;
      }
    }
  }

  /**
   * At a C library's known offset, most threads matching is enough: a forked child keeps the
   * thread states of the parent's other threads, whose {@code struct pthread} names threads that
   * do not exist in the child.
   */
  private static boolean matchesMost(byte[][] structs, int at, Set<Integer> tids) {
    int matched = 0;
    int missed = 0;
    for (byte[] s : structs) {
      if (s != null) {
        if (tids.contains(dev.pyrometer.agent.memory.Bytes.getInt(s, at))) {
          matched++;
        } else {
          missed++;
        }
      }
    }
    return matched > 0 && matched >= missed;
  }

  private static boolean matchesAll(byte[][] structs, int at, Set<Integer> tids) {
    int matched = 0;
    for (byte[] s : structs) {
      if (s == null) {
        continue;
      }
      if (!tids.contains(dev.pyrometer.agent.memory.Bytes.getInt(s, at))) {
        return false;
      }
      matched++;
    }
    return matched > 0;
  }
}
