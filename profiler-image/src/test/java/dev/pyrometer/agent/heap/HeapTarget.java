package dev.pyrometer.agent.heap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
 * A real Python process running one of the workloads in {@code src/test/resources/heap/}: started,
 * then read until it prints {@code READY <json>} with its in-process ground truth. Closing it
 * closes its stdin (the workloads exit then) and kills it if needed.
 *
 * <p>The workload runs under a shell, not as a child of the test JVM: as in production, the
 * analyzer must not be the target's parent (the JVM's process reaper would otherwise take the
 * ptrace stops of the target's main thread from the freezer).
 */
public final class HeapTarget implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final JsonNode truth;

  private HeapTarget(Process process, JsonNode truth) {
    this.process = process;
    this.truth = truth;
  }

  public static HeapTarget start(Interpreter python, String script, String... args) throws IOException {
    Path file = Files.createTempDirectory("pyrometer-heap").resolve(script);
    try (InputStream in = HeapTarget.class.getResourceAsStream("/heap/" + script)) {
      if (in == null) {
        throw new IOException("no workload " + script);
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of("sh", "-c", "exec 3<&0; \"$@\" <&3 & wait $!", "sh",
        python.executable().toString(), file.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ")) {
            return line.substring(6);
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    try {
      // the in-process ground truth walks 500k objects: minutes on a loaded machine
      String line = ready.get(300, TimeUnit.SECONDS);
      if (line == null) {
        throw new IOException(python + " " + script + " exited before it was ready (exit " + process.waitFor() + ")");
      }
      return new HeapTarget(process, JSON.readTree(line));
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException(python + " " + script + " did not get ready: " + e, e);
    }
  }

  /** The Python process (a child of the shell that started it). */
  public int pid() {
    return truth.get("pid").asInt();
  }

  public JsonNode truth() {
    return truth;
  }

  Process process() {
    return process;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException | InterruptedException e) {
      ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
