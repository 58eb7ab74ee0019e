package dev.pyrometer.agent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A server (or any process tree) started for a test from Debian's packages: its output is kept for
 * failure messages, readiness is polled (never slept for), and closing kills the whole tree.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Path SERVERS = Path.of("src", "test", "resources", "servers");
  private static final long READY_MILLIS = 180_000; // a machine shared by many builds is slow

  private final String name;
  private final Process process;
  private final List<String> output = new ArrayList<>();

  private ServerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    CompletableFuture.runAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            if (output.size() < 2000) {
              output.add(line);
            }
          }
        }
      } catch (IOException ignored) {
        // ended
      }
    });
  }

  public static ServerProcess start(String name, Path dir, Map<String, String> env, String... command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      return new ServerProcess(name, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Copies the server test resources (apps, scripts) into {@code dir}. */
  public static void copyResources(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(SERVERS)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An installed executable, or the test fails in CI / is skipped elsewhere. */
  public static String requireExecutable(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      TestPythons.missing(path + " (Debian package " + debianPackage + ")");
    }
    return path;
  }

  /** An installed file (a plugin, a Python package), or the test fails in CI / is skipped elsewhere. */
  public static void requireFile(String path, String debianPackage) {
    if (!Files.isRegularFile(Path.of(path))) {
      TestPythons.missing(path + " (Debian package " + debianPackage + ")");
    }
  }

  /** Waits until GET http://127.0.0.1:port/path answers 200. */
  public ServerProcess awaitHttp(int port, String path) {
    awaitCondition("HTTP 200 from port " + port + path, () -> {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(60_000);
        try {
          return c.getResponseCode() == 200;
        } finally {
          c.disconnect();
        }
      } catch (IOException e) {
        return false;
      }
    });
    return this;
  }

  /** Waits until the process has {@code count} child processes; returns their pids. */
  public List<Integer> awaitChildren(int count) {
    awaitCondition(count + " child processes", () -> process.children().count() >= count);
    return process.children().map(h -> (int) h.pid()).sorted().toList();
  }

  /** Waits for an output line starting with {@code prefix}; returns it. */
  public String awaitLine(String prefix) {
    String[] found = {null};
    awaitCondition("a line starting with " + prefix, () -> {
      synchronized (output) {
        found[0] = output.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
      }
      return found[0] != null;
    });
    return found[0];
  }

  public void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + ":\n" + output());
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(name + ": no " + what + " within " + READY_MILLIS / 1000 + " s:\n" + output());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  public int pid() {
    return (int) process.pid();
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
