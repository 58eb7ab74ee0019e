package dev.pyrometer.agent.python;

import dev.pyrometer.agent.memory.LongMap;
import java.util.Arrays;

/**
 * The confirmed stacks of threads that have not moved since. Most threads of a server wait in the
 * same frames sample after sample (199 of a 200-thread pool): walking them again decodes the same
 * bytes into the same stack, and checking them re-reads the same frames and code objects. So each
 * confirmed stack is kept with every byte it was walked from: its innermost frame pointer, the live
 * part of its data-stack chunk, and each frame outside that chunk (3.8–3.10 frame objects, the C
 * stack's entry frames, generators). When the next sample has the very same bytes, the stack is that
 * one, reported without a walk or a check.
 *
 * <p>Why no walk check: the check catches bytes read at different instants that together form a
 * stack the thread never had. Bytes equal to those of a confirmed stack form that stack. Its code
 * objects are still verified (each once per sample, however many threads run it): the thread may
 * have left its frames and entered equal ones between two samples, and a code object at the same
 * address may be another one by then (a reloaded module).
 */
final class SteadyStacks {
  /** At most this many bytes per stack are kept (a stack walked from more is walked every time). */
  static final int MAX_CAPTURE = 64 * 1024;
  /** At most this many bytes over all kept stacks: the agent's memory is the target pod's. */
  static final int MAX_KEPT = 4 << 20;
  /** Read ahead this much past a thread's deepest recent stack (a small frame or two). */
  static final int SLACK_BEYOND_PEAK = 256;

  /** How many bytes of a frame the walker reads: the length of every outside frame's bytes. */
  private final int frameLength;
  /** Entries kept by the previous sample: the ones this sample may match. */
  private LongMap<Entry> previous = new LongMap<>(64);
  /** Entries this sample found unchanged or confirmed: the next sample's {@link #previous}. */
  private LongMap<Entry> kept = new LongMap<>(64);
  private long keptBytes;
  private long hits;

  SteadyStacks(int frameLength) {
    this.frameLength = frameLength;
  }

  /** One thread's confirmed stack and the bytes it was walked from. */
  static final class Entry {
    final long threadState;
    private final int frameLength;
    ThreadStack stack;
    private long current;
    private long windowStart;
    private int windowLength;
    /** The window's bytes, then each outside frame's. */
    private byte[] bytes = new byte[512];
    private int size;
    private long[] frameAddresses = new long[8];
    private int frames;
    /** The code objects the stack's frames run, by address. */
    private long[] codeAddresses = new long[32];
    private CodeInfo[] codes = new CodeInfo[32];
    private int codeCount;
    /** The deepest live part of the chunk seen lately (bytes), decaying: how much to read ahead. */
    private long peakWindow;
    /** Too many bytes to keep: this walk's stack is not kept. */
    private boolean overflow;

    Entry(long threadState, int frameLength) {
      this.threadState = threadState;
      this.frameLength = frameLength;
    }

    /**
     * Starts recording a walk from {@code current}, over the chunk's live part {@code [windowStart,
     * windowStart + windowLength)} (length 0: no chunk) held in {@code window} from {@code base}.
     */
    void beginCapture(long current, long windowStart, int windowLength, byte[] window, int base) {
      stack = null;
      this.current = current;
      this.windowStart = windowStart;
      this.windowLength = windowLength;
      size = 0;
      frames = 0;
      codeCount = 0;
      overflow = false;
      append(window, base, windowLength);
    }

    /** A frame the walk read outside the chunk's live part. */
    void frameOutsideWindow(long address, byte[] source, int base) {
      if (frames == frameAddresses.length) {
        frameAddresses = Arrays.copyOf(frameAddresses, frames * 2);
      }
      frameAddresses[frames++] = address;
      append(source, base, frameLength);
    }

    /** The code object at {@code address}, as the walk used it for a frame. */
    void code(long address, CodeInfo info) {
      if (codeCount == codeAddresses.length) {
        codeAddresses = Arrays.copyOf(codeAddresses, codeCount * 2);
        codes = Arrays.copyOf(codes, codeCount * 2);
      }
      codeAddresses[codeCount] = address;
      codes[codeCount++] = info;
    }

    int codeCount() {
      return codeCount;
    }

    long codeAddress(int i) {
      return codeAddresses[i];
    }

    CodeInfo code(int i) {
      return codes[i];
    }

    private void append(byte[] source, int base, int length) {
      if (overflow || length == 0) {
        return;
      }
      if (size + length > MAX_CAPTURE) {
        overflow = true;
        return;
      }
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(MAX_CAPTURE, Math.max(size + length, bytes.length * 2)));
      }
      System.arraycopy(source, base, bytes, size, length);
      size += length;
    }

    /**
     * Whether this sample's bytes are those of the kept stack: the same innermost frame, the same
     * chunk bytes (given like {@link #beginCapture}), and each outside frame's bytes in the
     * read-ahead batch and equal. On a match the outside frames are wanted for the next sample again.
     */
    boolean unchanged(long current, long windowStart, int windowLength, byte[] window, int base, ReadAhead ahead) {
      if (stack == null || current != this.current || windowStart != this.windowStart
          || windowLength != this.windowLength) {
        return false;
      }
      // the innermost frame, at the chunk's top, is the part that moves: compare it first
      int tail = Math.min(256, windowLength);
      int split = windowLength - tail;
      if (windowLength > 0 && (!Arrays.equals(bytes, split, windowLength, window, base + split, base + windowLength)
          || !Arrays.equals(bytes, 0, split, window, base, base + split))) {
        return false;
      }
      int at = windowLength;
      for (int i = 0; i < frames; i++, at += frameLength) {
        int found = ahead.find(frameAddresses[i], frameLength);
        if (found < 0 || !Arrays.equals(bytes, at, at + frameLength, ahead.data(), found, found + frameLength)) {
          return false;
        }
      }
      for (int i = 0; i < frames; i++) {
        ahead.want(frameAddresses[i], frameLength);
      }
      return true;
    }

    /**
     * How far past the chunk's live part ({@code windowLength} bytes now) to read ahead for this
     * thread, at most {@code max}: up to the deepest it was lately, plus a little. A thread that
     * runs at one depth (a loop at the bottom of a fixed stack) then reads the pages its stack is
     * on, not the next one too.
     */
    int slack(int windowLength, int max) {
      peakWindow = Math.max(windowLength, peakWindow - (peakWindow >> 8)); // halves in ~180 samples
      return (int) Math.min(max, peakWindow - windowLength + SLACK_BEYOND_PEAK);
    }

    /** The kept stack, with the thread's OS thread id of this sample. */
    ThreadStack stack(int tid) {
      if (stack.nativeThreadId() != tid) {
        stack = new ThreadStack(stack.threadStateAddress(), tid, stack.frames(), stack.truncated());
      }
      return stack;
    }
  }

  /** Starts a sample: the entries the last one kept become the ones to match. */
  void beginSample() {
    LongMap<Entry> swap = previous;
    previous = kept;
    kept = swap;
    kept.clear();
    keptBytes = 0;
  }

  /** The thread's entry: its kept stack when the last sample kept one, else a fresh entry. */
  Entry entry(long threadState) {
    Entry e = previous.get(threadState);
    return e != null ? e : new Entry(threadState, frameLength);
  }

  /** The thread's stack was found unchanged: kept for the next sample. */
  void hit(Entry entry) {
    hits++;
    keep(entry);
  }

  /** The stack walked into {@code entry}'s capture was confirmed by the check: kept for the next sample. */
  void confirmed(Entry entry, ThreadStack stack) {
    if (!entry.overflow) {
      entry.stack = stack;
      keep(entry);
    }
  }

  private void keep(Entry entry) {
    if (keptBytes + entry.bytes.length <= MAX_KEPT) {
      keptBytes += entry.bytes.length;
      kept.put(entry.threadState, entry);
    }
  }

  /** Stacks reported unchanged, without a walk, so far. */
  long hits() {
    return hits;
  }
}
