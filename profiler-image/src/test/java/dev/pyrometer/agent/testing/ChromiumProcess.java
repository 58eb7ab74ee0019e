package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One headless Chromium process with a fresh profile directory and DevTools on a free local port;
 * {@link #kill()} (also run at JVM exit) ends it and its children and deletes the profile.
 */
final class ChromiumProcess {
  private static final List<String> FLAGS = List.of(
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
      "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0");

  private final Process process;
  private final Path profileDir;
  private final Path log;
  private final Thread killOnExit = new Thread(this::kill, "kill-headless-chromium");

  private ChromiumProcess(Process process, Path profileDir, Path log) {
    this.process = process;
    this.profileDir = profileDir;
    this.log = log;
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  static ChromiumProcess launch(Path executable, int width, int height) {
    Path profileDir;
    try {
      profileDir = Files.createTempDirectory("pyrometer-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile directory", e);
    }
    Path log = profileDir.resolveSibling(profileDir.getFileName() + ".log");
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profileDir);
    command.add("--window-size=" + width + "," + height);
    command.add("about:blank");
    try {
      return new ChromiumProcess(
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), profileDir, log);
    } catch (IOException e) {
      deleteRecursively(profileDir);
      throw new UncheckedIOException("cannot start " + executable, e);
    }
  }

  /** Waits for Chromium to write DevToolsActivePort into its profile and returns the port. */
  int awaitDevToolsPort(Duration timeout) {
    Path portFile = profileDir.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> lines = readLines(portFile);
      if (lines.size() >= 2) { // "port" then "/devtools/browser/<id>": complete once both are there
        return Integer.parseInt(lines.get(0).trim());
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before DevTools came up:\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Chromium did not open DevTools within " + timeout + ":\n" + logTail());
      }
      sleep(50);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** The last lines Chromium printed, for error messages. */
  String logTail() {
    List<String> lines = readLines(log);
    return lines.isEmpty() ? "(no output)" : String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** SIGTERM (Chromium then quits cleanly), SIGKILL for whatever is left, profile and log deleted. */
  void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
      try {
        child.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // left for init to reap; nothing else can be done from here
      }
    }
    deleteRecursively(profileDir);
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover log in the temp directory does no harm
    }
  }

  /** Kills now and forgets the JVM-exit hook. */
  void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook is running
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Chromium", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Chromium may still be removing files of its own; a temp directory left behind is harmless
    }
  }
}
