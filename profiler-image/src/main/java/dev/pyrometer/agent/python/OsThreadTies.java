package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.LongMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ties a thread state to the OS thread that runs it. The thread id a thread state records can be
 * wrong: a process forked by C code that never calls {@code PyOS_AfterFork_Child} (uWSGI's
 * workers, any embedder that forks) keeps the parent's {@code native_thread_id}, and 3.8–3.10
 * record none. The fallbacks, in order, each used only when the previous one names no live thread:
 * <ol>
 *   <li>{@link How#RECORDED} – {@code native_thread_id} (3.11+), when it is a thread of the process;
 *   <li>{@link How#PTHREAD} – the tid the C library keeps in the thread's {@code struct pthread}
 *       (its {@code pthread_t} points there; fork copies it and the kernel writes the child's tid
 *       into the copy), see {@link ThreadIdResolver};
 *   <li>{@link How#SOLE_THREAD} – a process with exactly one thread: that thread;
 *   <li>{@link How#UNTIED} – none: the stack is still walked, but its OS state is unknown (0).
 * </ol>
 * A tie is remembered per thread state (recorded id, pthread, the state's unique id) for
 * {@link #MEMO_NANOS}, so the thread list of the process is read once per second, not per sample.
 * The unique id matters: the C library gives a new thread the {@code pthread_t} (the stack) of
 * one that ended, and 3.8–3.10 record no id, so a thread per request would otherwise be tied to
 * its predecessor, ended. Not thread-safe: one per walker.
 */
public final class OsThreadTies {
  /** How a thread state was tied to its OS thread. */
  public enum How { RECORDED, PTHREAD, SOLE_THREAD, UNTIED }

  /** A tie: the OS thread id in the target's PID namespace (0 when untied) and how it was found. */
  public record Tie(int tid, How how) {
    static final Tie NONE = new Tie(0, How.UNTIED);
  }

  static final long MEMO_NANOS = 1_000_000_000L;

  private final ThreadIdResolver pthreads;
  private final Supplier<Set<Integer>> liveTids;
  /** Ties by key (recorded id, pthread); primitive keys and counts: a lookup per thread and sample boxes nothing. */
  private final LongMap<Tie> memo = new LongMap<>(32);
  private final long[] counts = new long[How.values().length];
  private long memoSince = Long.MIN_VALUE;
  /** The live thread ids, read at most once per walk ({@code now}): reading them costs a file per thread. */
  private Set<Integer> live;
  private long liveAt = Long.MIN_VALUE;

  /** @param liveTids the process's thread ids as the target sees them (its PID namespace) */
  public OsThreadTies(ThreadIdResolver pthreads, Supplier<Set<Integer>> liveTids) {
    this.pthreads = pthreads;
    this.liveTids = liveTids;
  }

  /**
   * @param recorded the thread state's {@code native_thread_id}, 0 when the version has none
   * @param pthread its {@code thread_id} ({@code pthread_self()} of the thread that created it)
   * @param uniqueId its {@code id}, unique per thread state; 0 when the version has none
   */
  public Tie tie(int recorded, long pthread, long uniqueId, long now) {
    if (now - memoSince > MEMO_NANOS || memoSince == Long.MIN_VALUE) {
      memo.clear();
      memoSince = now;
    }
    long key = ((pthread * 31) ^ recorded) * 1_000_003L + uniqueId;
    Tie tie = memo.get(key);
    if (tie == null) {
      if (live == null || liveAt != now) { // once per walk, not once per thread: 200 threads made it 200 × 200 reads
        live = liveTids.get();
        liveAt = now;
      }
      tie = resolve(recorded, pthread, live);
      if (tie == Tie.NONE) {
        // the walk may have read this thread state after the live ids: a thread born since
        // (a thread per request) is not among them, and would stay untied for the memo's second
        live = liveTids.get();
        tie = resolve(recorded, pthread, live);
      }
      memo.put(key, tie);
    }
    counts[tie.how().ordinal()]++;
    return tie;
  }

  private Tie resolve(int recorded, long pthread, Set<Integer> live) {
    if (recorded > 0 && live.contains(recorded)) {
      return new Tie(recorded, How.RECORDED);
    }
    if (!pthreads.calibrated()) {
      pthreads.calibrate(List.of(pthread));
    }
    int fromPthread = pthreads.resolve(pthread);
    if (fromPthread > 0 && live.contains(fromPthread)) {
      return new Tie(fromPthread, How.PTHREAD);
    }
    if (live.size() == 1) {
      return new Tie(live.iterator().next(), How.SOLE_THREAD);
    }
    return Tie.NONE;
  }

  /** The {@code pthread_t} → tid reader, for callers that calibrate it with every thread at once. */
  ThreadIdResolver pthreads() {
    return pthreads;
  }

  /** How many ties were made each way since the walker was created. */
  public Map<How, Long> counts() {
    Map<How, Long> out = new EnumMap<>(How.class);
    for (How how : How.values()) {
      if (counts[how.ordinal()] > 0) {
        out.put(how, counts[how.ordinal()]);
      }
    }
    return out;
  }

  /** Forgets remembered ties (a thread ended, a test changes the threads). */
  public void forget() {
    memo.clear();
    live = null;
  }
}
