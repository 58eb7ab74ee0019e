package dev.pyrometer.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import dev.pyrometer.agent.memory.LongMap;

/**
 * Reads thread states from {@code /proc/PID/task/TID/{stat,syscall}}, keeping the files open
 * between samples (procfs regenerates the content on every read at offset 0, and an open+close
 * costs more than the read). Not thread-safe: one per sampling thread.
 */
public final class ThreadStateReader implements AutoCloseable {
  private final int pid;
  private final LongMap<FileChannel> statFiles = new LongMap<>();
  private final LongMap<FileChannel> syscallFiles = new LongMap<>();
  private final LongMap<FileChannel> schedstatFiles = new LongMap<>();
  /** Direct: a read into a heap buffer goes through a temporary direct one and a copy. */
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
  /** The bytes read, copied out in one go to be parsed (a get per byte costs a call each). */
  private final byte[] content = new byte[1024];
  /** No {@code syscall} file in procfs (a kernel without CONFIG_HAVE_ARCH_TRACEHOOK). */
  private boolean syscallFileMissing;

  public ThreadStateReader(int pid) {
    this.pid = pid;
  }

  /** The state of thread {@code tid}; reads the syscall only when asked (it costs another read). */
  public OsThreadState read(int tid, boolean withSyscall) {
    int n = readFile(statFiles, tid, "stat");
    if (n <= 0) {
      return OsThreadState.GONE;
    }
    // "pid (comm) S ...": the state follows the last ')' (a comm may hold parentheses)
    int close = n - 1;
    while (close >= 0 && content[close] != ')') {
      close--;
    }
    char state = close >= 0 && close + 2 < n ? (char) content[close + 2] : '?';
    int syscall = OsThreadState.UNKNOWN;
    if (withSyscall && state != 'R') {
      int m = readFile(syscallFiles, tid, "syscall");
      syscall = parseSyscall(m <= 0 ? null : ascii(m));
    }
    return OsThreadState.of(state, syscall);
  }

  /**
   * Whether thread {@code tid} is running (or runnable), for cpu mode, which needs nothing else:
   * {@link OsThreadState#running()} or not, or {@link OsThreadState#GONE}. Reads the
   * {@code syscall} file, which says "running" exactly when {@code stat} says R and costs less
   * than half as much to produce (one word instead of fifty formatted fields); falls back to
   * {@code stat} where the kernel has no such file.
   */
  public OsThreadState readRunning(int tid) {
    if (syscallFileMissing) {
      return read(tid, false);
    }
    int n = readFile(syscallFiles, tid, "syscall");
    if (n <= 0) {
      OsThreadState state = read(tid, false);
      syscallFileMissing = state != OsThreadState.GONE; // the thread is there, the file is not
      return state;
    }
    boolean running = n >= 7 && content[0] == 'r' && content[6] == 'g'; // "running"
    return running ? OsThreadState.RUNNING : OsThreadState.OFF_CPU;
  }

  /**
   * Nanoseconds the thread has spent on a CPU (first field of {@code schedstat}), or -1. Unlike the
   * R state, which also means "runnable, waiting for a CPU", this only moves while it really runs.
   */
  public long cpuNanos(int tid) {
    int n = readFile(schedstatFiles, tid, "schedstat");
    long value = 0;
    int digits = 0;
    for (int i = 0; i < n && digits < 19; i++, digits++) {
      int c = content[i] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      value = value * 10 + c;
    }
    return digits == 0 ? -1 : value;
  }

  /** {@code "7 0x7ffd... ..."} → 7; {@code running} or {@code -1 ...} → not in a syscall. */
  static int parseSyscall(String content) {
    if (content == null || content.isEmpty()) {
      return OsThreadState.UNKNOWN;
    }
    int end = content.indexOf(' ');
    String first = end < 0 ? content.trim() : content.substring(0, end);
    if (first.equals("running") || first.equals("-1")) {
      return OsThreadState.NOT_IN_SYSCALL;
    }
    try {
      return Integer.parseInt(first);
    } catch (NumberFormatException e) {
      return OsThreadState.UNKNOWN;
    }
  }

  /** Reads the file into {@link #buffer}; returns the bytes read, or -1 when the thread is gone. */
  private int readFile(LongMap<FileChannel> files, int tid, String name) {
    FileChannel channel = files.get(tid);
    try {
      if (channel == null) {
        Path path = Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), name);
        channel = FileChannel.open(path, StandardOpenOption.READ);
        files.put(tid, channel);
      }
      buffer.clear();
      int n = channel.read(buffer, 0);
      if (n <= 0) {
        return -1;
      }
      buffer.get(0, content, 0, n);
      return n;
    } catch (IOException e) {
      if (channel != null) { // opened earlier: the thread has ended since
        closeQuietly(channel);
        files.retainIf((t, file) -> t != tid);
      }
      return -1;
    }
  }

  private String ascii(int n) {
    return new String(content, 0, n, StandardCharsets.US_ASCII);
  }

  /** Closes the files of threads that are no longer alive. */
  public void retainOnly(java.util.Set<Integer> liveTids) {
    for (LongMap<FileChannel> files : java.util.List.of(statFiles, syscallFiles, schedstatFiles)) {
      files.retainIf((tid, channel) -> {
        boolean live = liveTids.contains((int) tid);
        if (!live) {
          closeQuietly(channel);
        }
        return live;
      });
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only procfs file
      }
    }
  }

  @Override
  public void close() {
    for (LongMap<FileChannel> files : java.util.List.of(statFiles, syscallFiles, schedstatFiles)) {
      files.forEach((tid, channel) -> closeQuietly(channel));
    }
    schedstatFiles.clear();
    statFiles.clear();
    syscallFiles.clear();
  }
}
