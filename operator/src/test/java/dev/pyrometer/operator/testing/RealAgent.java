package dev.pyrometer.operator.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the real agent for an ephemeral container: the image's entrypoint is the launcher {@code
 * profiler-image/bin/pyrometer}, run with exactly the container's args and env, inside the PID
 * namespace (and /proc) of the process that stands for its target container, through {@code
 * nsenter --target <pid> --pid --mount}: what {@code targetContainerName} gives a real container;
 * its output directory is a tmpfs of its own, as a container's filesystem would be.
 */
public final class RealAgent implements ContainerRuntime {
  private final Path launcher;
  private final Path logDir;
  private final Map<String, TargetProcess> targets = new ConcurrentHashMap<>();

  public RealAgent(Path launcher, Path logDir) {
    this.launcher = launcher;
    this.logDir = logDir;
  }

  /** Declares the process that runs in container {@code container} of pod {@code namespace/pod}. */
  public void register(String namespace, String pod, String container, TargetProcess process) {
    targets.put(namespace + "/" + pod + "/" + container, process);
  }

  private static String outputDir(List<String> args) {
    int i = args.indexOf("--output");
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }

  @Override
  public Running start(Launch launch) throws IOException {
    String key = launch.pod().getMetadata().getNamespace() + "/" + launch.pod().getMetadata().getName() + "/"
        + launch.container().getTargetContainerName();
    TargetProcess target = targets.get(key);
    if (target == null) {
      throw new IllegalStateException("no target process registered for " + key);
    }
    List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(target.hostPid()), "--pid", "--mount", "--"));
    // a container writes into its own filesystem: give the agent's output directory a private
    // tmpfs in a mount namespace of its own, so agents running side by side never share files
    String output = outputDir(launch.args());
    if (output != null) {
      command.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
          "mkdir -p \"$0\" && mount -t tmpfs -o size=256m pyrometer \"$0\" && exec \"$@\"", output));
    }
    command.add(launcher.toString());
    command.addAll(launch.args());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve(launch.container().getName() + "-" + launch.pod().getMetadata().getName() + ".log").toFile());
    // the image's environment (PATH, java) plus the container's own
    builder.environment().putAll(launch.env());
    Process process = builder.start();
    CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
    return new Running() {
      @Override
      public CompletableFuture<Integer> exit() {
        return exit;
      }

      @Override
      public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    };
  }
}
