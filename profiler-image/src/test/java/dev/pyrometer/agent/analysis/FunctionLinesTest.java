package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.testing.AgentRun;
import dev.pyrometer.agent.testing.HeadlessChromium;
import dev.pyrometer.agent.testing.PythonTarget;
import dev.pyrometer.agent.testing.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real target whose one function is hot on two known lines (70% and 30% of its CPU time, measured
 * by the target in its thread's CPU time): report.json and report.html's "Top functions" list both
 * lines with their shares under the function, and the table still fits a 1400 px window.
 */
class FunctionLinesTest {
  private static final TestPythons.Interpreter PYTHON = TestPythons.require(12, TestPythons.Kind.PYENV_SHARED);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void topFunctionsShowEveryHotLineOfAFunctionWithItsShare() throws Exception {
    Path out = dir.resolve("out");
    int heavy;
    int light;
    try (PythonTarget target = PythonTarget.start(PYTHON, "two_hot_lines.py", dir)) {
      heavy = target.lineOf("@heavy-line");
      light = target.lineOf("@light-line");
      AgentRun.of("record", "--pid", Integer.toString(target.pid()), "--mode", "cpu", "--duration", "4s",
          "--rate", "250", "-o", out.toString()).assertOk();
    }

    JsonNode crunch = JSON.readTree(out.resolve("report.json").toFile()).path("functions").path("self").get(0);
    assertThat(crunch.path("function").asText()).isEqualTo("crunch");
    JsonNode lines = crunch.path("selfLines");
    assertThat(lines.size()).as("%s", lines).isGreaterThanOrEqualTo(2);
    assertThat(List.of(lines.get(0).path("line").asInt(), lines.get(1).path("line").asInt())).containsExactly(heavy, light);
    long onTheTwo = lines.get(0).path("samples").asLong() + lines.get(1).path("samples").asLong();
    assertThat(onTheTwo).as("samples at the two lines").isGreaterThan(150)
        .isGreaterThan((long) (0.9 * crunch.path("selfSamples").asLong()));
    assertThat(lines.get(0).path("samples").asDouble() / onTheTwo).as("the heavy line's part").isCloseTo(0.7, within(0.1));

    try (HeadlessChromium browser = HeadlessChromium.start(1400, 900, HeadlessChromium.DEFAULT_TIMEOUT)) {
      browser.load(out.resolve("report.html"));
      assertThat(browser.consoleErrors()).isEmpty();
      JsonNode row = browser.evaluate("(() => { const tr = [...document.querySelectorAll('table.functions.self tr')]"
          + ".find(r => r.querySelector('td.fn') && r.querySelector('td.fn').textContent === 'crunch');"
          + " return {text: tr.querySelector('.lines').textContent,"
          + " lines: [...tr.querySelectorAll('.lines .line')].map(s => Number(s.dataset.line)),"
          + " right: tr.closest('table').getBoundingClientRect().right,"
          + " page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth}; })()");
      List<Integer> shown = new ArrayList<>();
      row.path("lines").forEach(n -> shown.add(n.asInt()));
      assertThat(shown).startsWith(heavy, light);
      assertThat(row.path("text").asText()).startsWith("lines: " + heavy + " (" + Html.percent(lines.get(0).path("share").asDouble())
          + "), " + light + " (" + Html.percent(lines.get(1).path("share").asDouble()) + ")");
      assertThat(row.path("page").asInt()).as("no sideways scrolling: %s", row).isLessThanOrEqualTo(row.path("view").asInt());
      assertThat(row.path("right").asDouble()).isLessThanOrEqualTo(row.path("view").asDouble());
      browser.evaluate("document.getElementById('functions').scrollIntoView()");
      Files.write(Path.of("target", "function-lines.png"), browser.screenshot()); // for a person to look at
    }
  }
}
