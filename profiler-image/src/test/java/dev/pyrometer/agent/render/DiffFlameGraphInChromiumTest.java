package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.diff.DiffTree;
import dev.pyrometer.agent.testing.HeadlessChromium;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential flame graph in a real headless Chromium: NEW's shape, red where the share grew,
 * blue where it shrank, grey where it held; the toggle shows BASE's shape with what disappeared.
 */
class DiffFlameGraphInChromiumTest {
  private static HeadlessChromium browser;

  @TempDir Path dir;

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void pageLoggedNoErrors() {
    assertThat(browser.consoleErrors()).as("console errors and uncaught exceptions").isEmpty();
  }

  // BASE: 100 samples, hot 60%, cold 30%, gone 10%. NEW: 200 samples, hot 30%, cold 60%, fresh 10%.
  private static final String BASE = """
      main (app.py:1);hot (app.py:10) 60
      main (app.py:1);cold (app.py:20) 30
      main (app.py:1);gone (app.py:30) 10
      """;
  private static final String NEW = """
      main (app.py:1);hot (app.py:10) 60
      main (app.py:1);cold (app.py:20) 120
      main (app.py:1);fresh (app.py:40) 20
      """;

  @Test
  void coloursNewShapeByTheChangeAndTogglesToBaseShape() throws IOException {
    Path page = dir.resolve("diff-flamegraph.html");
    try (Writer out = Files.newBufferedWriter(page)) {
      DiffFlameGraphHtml.write(DiffTree.of(FoldedStacks.parse(BASE).tree(), FoldedStacks.parse(NEW).tree()),
          "Diff", "test", WeightUnit.SAMPLES, out);
    }
    browser.load(page);

    Map<String, JsonNode> frames = byName(browser.evaluate("flamegraph.drawn()"));
    assertThat(browser.evaluate("flamegraph.diffShape").asText()).isEqualTo("new");
    assertThat(frames).containsOnlyKeys("all", "main (app.py:1)", "hot (app.py:10)", "cold (app.py:20)", "fresh (app.py:40)");
    assertThat(frames.get("cold (app.py:20)").get("value").asLong()).as("NEW's width").isEqualTo(120);
    assertThat(frames.get("cold (app.py:20)").get("diffPoints").asDouble()).isCloseTo(30.0, within(0.01));
    assertThat(frames.get("hot (app.py:10)").get("diffPoints").asDouble()).isCloseTo(-30.0, within(0.01));
    assertThat(frames.get("fresh (app.py:40)").get("diffPoints").asDouble()).isCloseTo(10.0, within(0.01));
    assertThat(hue(frames.get("cold (app.py:20)"))).as("grew: red").isEqualTo(0);
    assertThat(saturation(frames.get("cold (app.py:20)"))).isGreaterThan(50);
    assertThat(hue(frames.get("fresh (app.py:40)"))).as("new: red").isEqualTo(0);
    assertThat(lightness(frames.get("fresh (app.py:40)"))).as("a smaller growth is paler")
        .isGreaterThan(lightness(frames.get("cold (app.py:20)")));
    assertThat(hue(frames.get("hot (app.py:10)"))).as("shrank: blue").isEqualTo(215);
    assertThat(saturation(frames.get("main (app.py:1)"))).as("same share: grey").isZero();
    double coldPixel = pixelHue(frames.get("cold (app.py:20)"));
    assertThat(coldPixel < 15 || coldPixel > 345).as("the canvas pixel is red, hue %s", coldPixel).isTrue();
    assertThat(pixelHue(frames.get("hot (app.py:10)"))).as("the canvas pixel is blue").isBetween(200.0, 230.0);

    JsonNode cold = frames.get("cold (app.py:20)");
    browser.moveMouse(cold.get("centerX").asDouble(), cold.get("centerY").asDouble());
    assertThat(browser.evaluate("document.getElementById('tooltip').textContent").asText())
        .contains("BASE 30 samples (30.00%) \u2192 NEW 120 samples (60.00%): +30.0 points");
    assertThat(browser.evaluate("document.getElementById('legend').textContent").asText())
        .contains("grew").contains("shrank").doesNotContain("your code");

    JsonNode toggle = browser.evaluate("(() => { const r = document.getElementById('diff-toggle').getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2, text: document.getElementById('diff-toggle').textContent}; })()");
    assertThat(toggle.get("text").asText()).startsWith("Show BASE's shape");
    browser.click(toggle.get("x").asDouble(), toggle.get("y").asDouble());
    awaitShape("base");

    Map<String, JsonNode> base = byName(browser.evaluate("flamegraph.drawn()"));
    assertThat(base).containsOnlyKeys("all", "main (app.py:1)", "hot (app.py:10)", "cold (app.py:20)", "gone (app.py:30)");
    assertThat(base.get("gone (app.py:30)").get("value").asLong()).as("BASE's width").isEqualTo(10);
    assertThat(base.get("gone (app.py:30)").get("diffPoints").asDouble()).isCloseTo(-10.0, within(0.01));
    assertThat(hue(base.get("gone (app.py:30)"))).as("disappeared: blue").isEqualTo(215);
    assertThat(hue(base.get("cold (app.py:20)"))).isEqualTo(0);
    assertThat(browser.evaluate("document.getElementById('diff-toggle').textContent").asText()).isEqualTo("Show NEW's shape");
  }

  /** Waits through the reload the toggle does. */
  private static void awaitShape(String shape) {
    long deadline = System.nanoTime() + HeadlessChromium.DEFAULT_TIMEOUT.toNanos();
    while (true) {
      try {
        JsonNode value = browser.evaluate("document.readyState === 'complete' && window.flamegraph !== undefined"
            + " && flamegraph.diffShape");
        if (shape.equals(value.asText())) {
          return;
        }
      } catch (AssertionError | RuntimeException e) {
        // the document is being replaced
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page did not switch to " + shape + "'s shape");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static Map<String, JsonNode> byName(JsonNode drawn) {
    Map<String, JsonNode> out = new HashMap<>();
    drawn.forEach(f -> out.put(f.get("name").asText(), f));
    return out;
  }

  private static double[] hsl(JsonNode frame) {
    String color = frame.get("color").asText();
    String[] parts = color.substring(color.indexOf('(') + 1, color.indexOf(')')).replace("%", "").split(",");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
  }

  private static int hue(JsonNode frame) {
    return (int) hsl(frame)[0];
  }

  private static double saturation(JsonNode frame) {
    return hsl(frame)[1];
  }

  private static double lightness(JsonNode frame) {
    return hsl(frame)[2];
  }

  /** The hue (0-360) of a pixel inside the frame, read back from the canvas. */
  private static double pixelHue(JsonNode frame) {
    JsonNode rgb = browser.evaluate("(() => { const c = document.getElementById('flame'); const d = window.devicePixelRatio || 1;"
        + " const p = c.getContext('2d').getImageData(Math.round((" + frame.get("left").asDouble() + " + 2) * d),"
        + " Math.round((" + frame.get("top").asDouble() + " + 2) * d), 1, 1).data; return [p[0], p[1], p[2]]; })()");
    double r = rgb.get(0).asDouble() / 255;
    double g = rgb.get(1).asDouble() / 255;
    double b = rgb.get(2).asDouble() / 255;
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    if (max == min) {
      return Double.NaN;
    }
    double h = max == r ? (g - b) / (max - min) : max == g ? 2 + (b - r) / (max - min) : 4 + (r - g) / (max - min);
    h *= 60;
    return h < 0 ? h + 360 : h;
  }
}
