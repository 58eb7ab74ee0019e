package dev.pyrometer.agent.heap.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much memory a snapshot may take: the copy lands in the agent, which in a pod shares the
 * memory of the target's pod, so a copy that does not fit must be refused rather than risk the
 * out-of-memory killer choosing the application. The default is 80% of what the system says is
 * available ({@code MemAvailable}) and of what our cgroup still allows.
 */
public final class CopyBudget {
  private static final double SHARE = 0.8;

  private CopyBudget() {}

  /** The default bound on the bytes one snapshot may copy. */
  public static long defaultLimit() {
    long available = Math.min(memAvailable().orElse(Long.MAX_VALUE), cgroupRoom().orElse(Long.MAX_VALUE));
    return available == Long.MAX_VALUE ? Long.MAX_VALUE : (long) (available * SHARE);
  }

  static OptionalLong memAvailable() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc/meminfo: no bound from it
    }
    return OptionalLong.empty();
  }

  /** cgroup v2: memory.max minus memory.current of our own cgroup, when limited. */
  static OptionalLong cgroupRoom() {
    try {
      String max = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).trim();
      if (max.equals("max")) {
        return OptionalLong.empty();
      }
      long current = Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/memory.current")).trim());
      return OptionalLong.of(Math.max(0, Long.parseLong(max) - current));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
