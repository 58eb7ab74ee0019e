package dev.pyrometer.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Python process standing for a pod's container: started with {@code unshare --pid --fork
 * --mount-proc}, so it is PID 1 of its own PID namespace with its own /proc, as in a container.
 */
public final class TargetProcess implements AutoCloseable {
  private final Process unshare;
  private final long pid;

  private TargetProcess(Process unshare, long pid) {
    this.unshare = unshare;
    this.pid = pid;
  }

  /** Runs {@code python script} in a new PID namespace; output goes to {@code log}. */
  public static TargetProcess start(Path python, Path script, Path log) throws IOException {
    return start(python, script, List.of(), log);
  }

  /** Runs {@code python -u script args...} in a new PID namespace; output goes to {@code log}. */
  public static TargetProcess start(Path python, Path script, List<String> args, Path log) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", python.toString(), "-u", script.toString()));
    command.addAll(args);
    Process unshare =
        new ProcessBuilder(command)
            .directory(script.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Path children = Path.of("/proc", Long.toString(unshare.pid()), "task", Long.toString(unshare.pid()), "children");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(children)) {
        String text = Files.readString(children).trim();
        if (!text.isEmpty()) {
          TargetProcess target = new TargetProcess(unshare, Long.parseLong(text.split("\\s+")[0]));
          target.waitForPython();
          return target;
        }
      }
      if (!unshare.isAlive()) {
        throw new IOException("unshare exited with " + unshare.exitValue() + ": see " + log);
      }
      sleep(20);
    }
    unshare.destroyForcibly();
    throw new IOException("the target never started: see " + log);
  }

  /** Waits until the interpreter has loaded, so the agent finds a CPython and not an exec. */
  private void waitForPython() throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    Path maps = Path.of("/proc", Long.toString(pid), "maps");
    while (Instant.now().isBefore(deadline)) {
      if (Files.readString(maps).contains("python")) {
        sleep(300); // and has run into the script's functions
        return;
      }
      sleep(20);
    }
  }

  /** The process's id on the host: what {@code nsenter --target} needs. */
  public long hostPid() {
    return pid;
  }

  public boolean isAlive() {
    return Files.exists(Path.of("/proc", Long.toString(pid)));
  }

  @Override
  public void close() {
    // PID 1 of a namespace ignores signals it has no handler for, except SIGKILL
    try {
      new ProcessBuilder(List.of("kill", "-KILL", Long.toString(pid))).start().waitFor();
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    unshare.destroyForcibly();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
