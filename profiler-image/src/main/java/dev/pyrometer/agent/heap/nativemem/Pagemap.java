package dev.pyrometer.agent.heap.nativemem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which pages of a range are in memory, from {@code /proc/PID/pagemap} (one 64-bit word per page;
 * bit 63 present, bit 62 swapped). Needs the same access as reading the memory; the page frame
 * numbers, which need more, are not used.
 */
public final class Pagemap implements AutoCloseable {
  public static final long PAGE = 4096;
  private static final long PRESENT = 1L << 63;
  private static final long SWAPPED = 1L << 62;

  private final FileChannel file;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

  private Pagemap(FileChannel file) {
    this.file = file;
  }

  /** Opens the pagemap of {@code pid}, or returns null when the kernel refuses it. */
  public static Pagemap open(int pid) {
    try {
      return new Pagemap(FileChannel.open(Path.of("/proc", Integer.toString(pid), "pagemap"), StandardOpenOption.READ));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** Receives runs of pages in use (resident or swapped). */
  @FunctionalInterface
  public interface RunVisitor {
    void run(long start, long end);
  }

  /**
   * Calls the visitor for each run of used pages in {@code [start, end)}, merging runs that are
   * less than {@code mergeGap} bytes apart. Swapped-out pages count as used when
   * {@code withSwapped}.
   *
   * @return false when the pagemap could not be read (the caller then takes the whole range)
   */
  public boolean usedRuns(long start, long end, long mergeGap, boolean withSwapped, RunVisitor visitor) {
    long used = withSwapped ? PRESENT | SWAPPED : PRESENT;
    long runStart = -1;
    long runEnd = -1;
    try {
      for (long page = start; page < end; ) {
        buffer.clear();
        long pages = Math.min(buffer.capacity() / 8, (end - page) / PAGE);
        buffer.limit((int) (pages * 8));
        long position = page / PAGE * 8;
        while (buffer.hasRemaining()) {
          if (file.read(buffer, position + buffer.position()) <= 0) {
            return false;
          }
        }
        buffer.flip();
        for (int i = 0; i < pages; i++, page += PAGE) {
          if ((buffer.getLong(i * 8) & used) == 0) {
            continue;
          }
          if (runStart >= 0 && page - runEnd < mergeGap) {
            runEnd = page + PAGE;
          } else {
            if (runStart >= 0) {
              visitor.run(runStart, runEnd);
            }
            runStart = page;
            runEnd = page + PAGE;
          }
        }
      }
    } catch (IOException e) {
      return false;
    }
    if (runStart >= 0) {
      visitor.run(runStart, runEnd);
    }
    return true;
  }

  /** Resident bytes of {@code [start, end)} (present bit only), or -1 when unreadable. */
  public long residentBytes(long start, long end) {
    long[] total = {0};
    boolean ok = usedRuns(start, end, 0, false, (s, e) -> total[0] += e - s);
    return ok ? total[0] : -1;
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
