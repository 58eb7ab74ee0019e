package dev.pyrometer.agent.attach;

import java.nio.file.Path;

/**
 * Turns a path as the target process sees it into a path this process can open: through {@code
 * /proc/PID/root} for a live process (so it works across containers and mount namespaces), as is
 * (or under a sysroot) for a core file.
 */
@FunctionalInterface
public interface TargetFiles {
  Path resolve(String targetPath);

  static TargetFiles ofLiveProcess(int pid) {
    Path root = Path.of("/proc", Integer.toString(pid), "root");
    return p -> root.resolve(p.startsWith("/") ? p.substring(1) : p);
  }

  static TargetFiles ofSysroot(Path sysroot) {
    return p -> sysroot == null ? Path.of(p) : sysroot.resolve(p.startsWith("/") ? p.substring(1) : p);
  }
}
