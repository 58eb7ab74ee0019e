package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.sample.SampleMode;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import dev.pyrometer.agent.testing.TestPythons.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real asyncio servers from Debian's packages on Debian's {@code /usr/bin/python3.11} (uvicorn +
 * FastAPI, aiohttp), under load from {@code wrk} on the loopback, whose endpoint awaits a slow
 * upstream ({@code line = await reader.readline()} in {@code fetch_inventory}, called by {@code
 * build_offer}, called by the endpoint): the headline is that coroutine, its line, and the network.
 * Without task attribution the same profile reads "idle event loop" (issue 12).
 */
class AsyncioServersTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"asyncio_fastapi_app.py, OFFCPU", "asyncio_fastapi_app.py, WALL", "asyncio_aiohttp_app.py, OFFCPU",
      "asyncio_aiohttp_app.py, WALL"})
  void theAwaitingCoroutineOfEveryRequestIsTheHeadline(String app, SampleMode mode) throws Exception {
    Interpreter python = TestPythons.require(11, Kind.DEBIAN_STATIC);
    requireTools(python, app.contains("fastapi") ? "uvicorn, fastapi" : "aiohttp");
    try (ScenarioRun run = ScenarioRun.start(python, app, dir)) {
      String port = run.output().stream().filter(l -> l.startsWith("PORT ")).findFirst().orElseThrow().substring(5);
      Process wrk = new ProcessBuilder("wrk", "-t1", "-c16", "-d60s", "--timeout", "5s", "http://127.0.0.1:" + port + "/offer")
          .redirectErrorStream(true).redirectOutput(dir.resolve("wrk.log").toFile()).start();
      try {
        Thread.sleep(1000); // let the connections open
        ScenarioRun.Recorded recorded = run.record(mode, Duration.ofSeconds(5));
        ReportFinding top = recorded.headline();

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(top.kind()).as(recorded.json()).isEqualTo("blocking.network");
        soft.assertThat(top.rule()).isEqualTo("asyncio-await-network");
        soft.assertThat(top.location().function()).isEqualTo("fetch_inventory");
        soft.assertThat(top.location().line()).isEqualTo(run.lineOf("# <- blocking line"));
        soft.assertThat(top.location().code()).isEqualTo("line = await reader.readline()  # <- blocking line");
        soft.assertThat(top.path()).extracting(ReportFrame::function).containsSubsequence("offer", "build_offer", "fetch_inventory");
        soft.assertAll();
      } finally {
        wrk.destroyForcibly();
        wrk.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** wrk and the Debian packages: missing fails in CI (install-test-deps installs them), skips elsewhere. */
  private static void requireTools(Interpreter python, String modules) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
      TestPythons.missing("wrk (Debian package wrk)");
    }
    Process check = new ProcessBuilder(python.executable().toString(), "-c", "import " + modules).start();
    if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
      TestPythons.missing("Python modules " + modules + " for " + python + " (Debian packages python3-uvicorn,"
          + " python3-fastapi, python3-aiohttp)");
    }
  }
}
