package dev.pyrometer.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Python process running a workload script from {@code src/test/resources/workloads/},
 * started by a test: it prints {@code READY} when it reached its known state, and is killed when
 * the test closes it.
 */
public final class PythonTarget implements AutoCloseable {
  private static final Path WORKLOADS = Path.of("src", "test", "resources", "workloads");

  private final Process process;
  private final Path script;
  private final List<String> output = new ArrayList<>();

  private PythonTarget(Process process, Path script) {
    this.process = process;
    this.script = script;
  }

  /** Starts {@code workloads/<name>} (copied with its siblings into {@code dir}) and waits for READY. */
  public static PythonTarget start(TestPythons.Interpreter python, String name, Path dir, String... args) throws IOException {
    copyWorkloads(dir);
    Path script = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of(python.executable().toString(), "-u", script.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    PythonTarget target = new PythonTarget(process, script);
    target.awaitReady();
    return target;
  }

  /** Copies every workload file, so that scripts can import their helper modules. */
  public static void copyWorkloads(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(WORKLOADS)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void awaitReady() throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
          if (line.equals("READY")) {
            return true;
          }
        }
      } catch (IOException e) {
        return false;
      }
      return false;
    });
    try {
      if (!ready.get(20, TimeUnit.SECONDS)) {
        throw new IOException(script + " exited before READY: " + output());
      }
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new IOException(script + " did not print READY within 20 s: " + output());
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      throw new IOException(e);
    }
    // keep draining so the script never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (output) {
            output.add(line);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
  }

  public int pid() {
    return (int) process.pid();
  }

  public Path script() {
    return script;
  }

  public Process process() {
    return process;
  }

  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** The 1-based number of the line of the script that contains {@code marker}. */
  public int lineOf(String marker) throws IOException {
    return lineOf(script, marker);
  }

  public static int lineOf(Path file, String marker) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("no line with '" + marker + "' in " + file);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
