package dev.pyrometer.agent.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small readers of {@code /proc} files that several parts need. */
public final class ProcFs {
  private ProcFs() {}

  public static Path dir(int pid) {
    return Path.of("/proc", Integer.toString(pid));
  }

  public static boolean exists(int pid) {
    return Files.isDirectory(dir(pid));
  }

  /** The command line with arguments joined by spaces; {@code [comm]} for kernel threads. */
  public static String commandLine(int pid) {
    try {
      byte[] raw = Files.readAllBytes(dir(pid).resolve("cmdline"));
      int len = raw.length;
      while (len > 0 && raw[len - 1] == 0) {
        len--;
      }
      for (int i = 0; i < len; i++) {
        if (raw[i] == 0) {
          raw[i] = ' ';
        }
      }
      String s = new String(raw, 0, len, StandardCharsets.UTF_8);
      return s.isEmpty() ? "[" + comm(pid).orElse("?") + "]" : s;
    } catch (IOException e) {
      return "";
    }
  }

  public static Optional<String> comm(int pid) {
    return readTrimmed(dir(pid).resolve("comm"));
  }

  public static Optional<String> comm(int pid, int tid) {
    return readTrimmed(dir(pid).resolve("task").resolve(Integer.toString(tid)).resolve("comm"));
  }

  /** Fields of {@code /proc/PID/stat} after the command name: index 0 is the state (field 3). */
  public static Optional<String[]> statFields(Path statFile) {
    return readTrimmed(statFile).map(ProcFs::splitStat);
  }

  static String[] splitStat(String stat) {
    int close = stat.lastIndexOf(')'); // comm may itself contain ')'
    return stat.substring(close + 2).split(" ");
  }

  /** Thread ids of the process, from {@code /proc/PID/task}. */
  public static List<Integer> tasks(int pid) {
    List<Integer> out = new ArrayList<>();
    String[] names = dir(pid).resolve("task").toFile().list();
    if (names != null) {
      for (String n : names) {
        try {
          out.add(Integer.parseInt(n));
        } catch (NumberFormatException ignored) {
          // not a task directory
        }
      }
    }
    return out;
  }

  /**
   * The id of a task as seen inside its own innermost PID namespace (last value of {@code NSpid}),
   * which is what CPython stores; equal to {@code tid} when we share the namespace.
   */
  public static int namespacedTid(int pid, int tid) {
    Path status = dir(pid).resolve("task").resolve(Integer.toString(tid)).resolve("status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("NSpid:")) {
          String[] ids = line.substring(6).trim().split("\\s+");
          return Integer.parseInt(ids[ids.length - 1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: assume the same namespace
    }
    return tid;
  }

  public static long rssBytes(int pid) {
    try {
      String[] f = Files.readString(dir(pid).resolve("statm")).trim().split("\\s+");
      return Long.parseLong(f[1]) * 4096L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** USER_HZ: the unit of the CPU times in {@code stat} (100 on every Linux architecture but alpha and ia64). */
  public static final long CLOCK_TICKS_PER_SECOND = 100;

  /** utime + stime in clock ticks, the threads that ended included. */
  public static long cpuTicks(int pid) {
    return statFields(dir(pid).resolve("stat"))
        .map(f -> Long.parseLong(f[11]) + Long.parseLong(f[12]))
        .orElse(-1L);
  }

  static Optional<String> readTrimmed(Path file) {
    try {
      return Optional.of(Files.readString(file).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
