package dev.pyrometer.agent.heap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.heap.HeapTarget;
import dev.pyrometer.agent.testing.TestPythons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The heap analyzer's benchmark (not part of the test suite: run it with
 * {@code profiler-image/tools/bench-heap}). Runs the packaged agent ({@code bin/pyrometer}, its
 * production JVM flags) against real CPython targets, as a separate process under
 * {@code /usr/bin/time}, and writes a Markdown table to {@code target/heap-benchmark.md}:
 * objects analysed per second, end-to-end time, the agent's peak RSS against the bytes it copied,
 * and the target's pause with {@code --freeze}, including a 1 GB heap.
 *
 * <p>System properties: {@code bench.sizes} (objects, comma separated; default 1000000,5000000),
 * {@code bench.minor} (CPython 3.X; default 12), {@code bench.ballast} (MiB of the pause
 * target; default 1000).
 */
class HeapBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path AGENT = Path.of("bin/pyrometer").toAbsolutePath();

  /** One agent run. */
  private record Run(double wallSeconds, long peakRssKb, long objects, long bytesCopied, long analysisMillis,
      double pauseMillis, String mode) {}

  @Test
  void measure() throws Exception {
    if (!Files.exists(Path.of("target/pyrometer.jar"))) {
      throw new IllegalStateException("build the agent first: mvn -q -pl contract,profiler-image -am package -DskipTests");
    }
    TestPythons.Interpreter python = TestPythons.require(Integer.getInteger("bench.minor", 12), TestPythons.Kind.PYENV_SHARED);
    List<Long> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000000,5000000").split(","))
        .map(String::trim).map(Long::parseLong).toList();
    StringBuilder md = new StringBuilder();
    md.append("| target | objects found | copied | end to end | analysis | objects/s (analysis) | agent peak RSS | RSS / copied |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Run baseline = null;
    try (HeapTarget tiny = HeapTarget.start(python, "bench_target.py", "--objects", "10000")) {
      baseline = agent(tiny.pid(), false);
      row(md, "10k objects (JVM baseline)", baseline);
    }
    List<String> pauses = new ArrayList<>();
    for (long size : sizes) {
      try (HeapTarget target = HeapTarget.start(python, "bench_target.py", "--objects", Long.toString(size))) {
        agent(target.pid(), false); // warm the page cache for the jar and the target's files
        row(md, String.format(Locale.ROOT, "%,d objects", size), agent(target.pid(), false));
        Run frozen = agent(target.pid(), true);
        pauses.add(String.format(Locale.ROOT, "| %,d objects | %s | %.0f ms | %.1f MB |", size, frozen.mode(),
            frozen.pauseMillis(), frozen.bytesCopied() / 1e6));
      }
    }
    try (HeapTarget big = HeapTarget.start(python, "mutator.py", "--ballast", System.getProperty("bench.ballast", "1000"))) {
      Run frozen = agent(big.pid(), true);
      pauses.add(String.format(Locale.ROOT, "| 1 GB heap, 8 threads mutating | %s | %.0f ms | %.1f MB |", frozen.mode(),
          frozen.pauseMillis(), frozen.bytesCopied() / 1e6));
    }
    md.append("\n| --freeze target | snapshot | pause | copied |\n|---|---|---:|---:|\n");
    pauses.forEach(p -> md.append(p).append('\n'));
    md.append(String.format(Locale.ROOT, "%nPython %s; agent JVM baseline (peak RSS on a 10k-object target): %.0f MB.%n",
        python.executable(), baseline.peakRssKb() / 1024.0));
    Files.writeString(Path.of("target/heap-benchmark.md"), md);
    System.out.println(md);
  }

  private static void row(StringBuilder md, String name, Run r) {
    md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f MB | %.2f s | %.2f s | %,.0f | %.0f MB | %.2f |%n", name,
        r.objects(), r.bytesCopied() / 1e6, r.wallSeconds(), r.analysisMillis() / 1000.0,
        r.objects() / Math.max(0.001, r.analysisMillis() / 1000.0), r.peakRssKb() / 1024.0,
        r.peakRssKb() * 1024.0 / Math.max(1, r.bytesCopied())));
  }

  /** Runs the packaged agent once under /usr/bin/time and reads its report. */
  private static Run agent(int pid, boolean freeze) throws IOException, InterruptedException {
    Path out = Files.createTempDirectory("pyrometer-bench");
    Path timing = out.resolve("time.txt");
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", timing.toString(),
        AGENT.toString(), "heap", "--pid", Integer.toString(pid), "-o", out.toString()));
    if (freeze) {
      command.addAll(List.of("--freeze", "--pause-budget", "5s"));
    }
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the agent failed: exit " + p.exitValue());
    }
    String[] time = Files.readString(timing).trim().split("\\s+");
    JsonNode meta = JSON.readTree(out.resolve("memory-report.json").toFile()).get("processes").get(0);
    return new Run(Double.parseDouble(time[0]), Long.parseLong(time[1]), meta.get("totals").get("objects").asLong(),
        meta.get("meta").get("bytesCopied").asLong(), meta.get("meta").get("analysisMillis").asLong(),
        meta.get("meta").get("pauseMillis").asDouble(), meta.get("meta").get("snapshotMode").asText());
  }
}
