package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.cli.Pyrometer;
import dev.pyrometer.agent.testing.HeadlessChromium;
import dev.pyrometer.agent.testing.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory report of a real heap run in a real headless Chromium: report.html leads with the
 * finding, lists the largest path first and outlines it in the embedded flame graph;
 * memory-flamegraph.html shows bytes, coloured by whose module holds them.
 */
class MemoryReportInChromiumTest {
  private static final TestPythons.Interpreter PYTHON = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
  private static HeadlessChromium browser;
  private static JsonNode truth;
  @TempDir static Path dir;

  @BeforeAll
  static void runHeapAndStartBrowser() throws Exception {
    try (HeapTarget target = HeapTarget.start(PYTHON, "ground_truth.py", "--plant", "20", "--thread", "10",
        "--stdlib-cache", "300", "--third-party", "2")) {
      truth = target.truth();
      int exit = Pyrometer.run("heap", "--pid", Integer.toString(target.pid()), "-o", dir.toString());
      assertThat(exit).isZero();
    }
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void reportLeadsWithTheFindingAndTheLargestPath() {
    browser.load(dir.resolve("report.html"));

    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.evaluate("document.querySelector('main section').id").asText()).isEqualTo("memory-finding");
    assertThat(browser.evaluate("document.querySelector('#memory-finding .title').textContent").asText())
        .startsWith("leakmod.CACHE (dict of "); // plain text: no markdown backticks in a title
    assertThat(browser.evaluate("document.querySelector('#memory-finding .file-line').textContent").asText())
        .startsWith("leakmod.CACHE (").endsWith("leakmod.py)");
    assertThat(browser.evaluate("document.querySelector('#memory-paths td.chain').textContent").asText())
        .isEqualTo("sys.modules;leakmod;CACHE (dict)");
    JsonNode sections = browser.evaluate("[...document.querySelectorAll('main section')].map(s => s.id)");
    assertThat(sections).extracting(JsonNode::asText)
        .containsExactly("memory-finding", "memory-paths", "memory-flamegraph", "memory-objects", "memory-rss");
  }

  @Test
  void outlinesTheLargestPathInTheEmbeddedFlameGraph() {
    browser.load(dir.resolve("report.html"));

    JsonNode highlighted = browser.evaluate("window.pyrometerReport.flamegraph().drawn()"
        + ".filter(f => f.highlighted).map(f => f.name)");

    assertThat(highlighted).extracting(JsonNode::asText).containsExactly("sys.modules", "leakmod", "CACHE (dict)");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  /**
   * Planted: leakmod.CACHE in a module of the test's own (its file in a temporary directory),
   * re._cache filled by compiling 300 expressions (the standard library's own cache), and
   * thirdlib.TABLE in a package imported from a site-packages directory.
   */
  @Test
  void coloursEachPathByWhoseModuleHoldsIt() throws Exception {
    browser.load(dir.resolve("memory-flamegraph.html"));

    JsonNode categories = browser.evaluate("(() => { const path = [], out = {};"
        + " for (const f of window.flamegraph.drawn().sort((a, b) => a.index - b.index)) {"
        + "   path.length = f.depth; path[f.depth] = f.name; out[path.slice(1).join(';')] = f.category; }"
        + " return out; })()");

    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(categories.path("sys.modules;leakmod;CACHE (dict)").asText()).as("%s", categories).isEqualTo("app");
    assertThat(categories.path("sys.modules;leakmod").asText()).isEqualTo("app");
    assertThat(categories.path("sys.modules;re;_cache (dict)").asText()).as("%s", categories).isEqualTo("stdlib");
    assertThat(categories.path("sys.modules;thirdlib;TABLE (list)").asText()).as("%s", categories).isEqualTo("library");
    assertThat(categories.path("[interned]").asText()).isEqualTo("marker");
    String holder = "[thread " + truth.path("holder_tid").asInt() + " holder]";
    assertThat(categories.properties()).as("the holder thread's frames and its local buf").anySatisfy(e -> {
      assertThat(e.getKey()).startsWith(holder + ";").contains(";holder (ground_truth.py").endsWith(";buf (bytearray)");
      assertThat(e.getValue().asText()).isEqualTo("app");
    });
    JsonNode legend = browser.evaluate("[...document.querySelectorAll('#legend li')].map(li => li.textContent)");
    assertThat(legend).extracting(JsonNode::asText)
        .startsWith("held by:", "your code", "standard library", "third-party", "interpreter")
        .doesNotContain("system call", "site-packages");
    Files.write(Path.of("target", "memory-flamegraph.png"), browser.screenshot()); // for a person to look at
  }

  @Test
  void flameGraphPageShowsBytes() {
    browser.load(dir.resolve("memory-flamegraph.html"));

    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.evaluate("document.body.textContent").asText()).contains("Python memory by reference path");
    assertThat(browser.evaluate("document.body.textContent").asText()).containsPattern("\\d+(\\.\\d+)? (KB|MB|KiB|MiB)");
  }
}
