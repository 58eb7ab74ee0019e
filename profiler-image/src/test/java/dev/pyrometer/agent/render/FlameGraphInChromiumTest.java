package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.testing.HeadlessChromium;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flame graph page in a real headless Chromium: drawn to scale, searchable, zoomable, error free. */
class FlameGraphInChromiumTest {
  private static final int ROW = 18;
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

  /** Frames of {@link FlameGraphHtmlTest#smallTree()}: name, depth, x, width, out of 100 samples. */
  private record Expected(String name, int depth, long x, long width) {}

  private static final List<Expected> SMALL_TREE_FRAMES = List.of(
      new Expected("all", 0, 0, 100),
      new Expected("main (app.py:40)", 1, 0, 100),
      new Expected("dumps (json/__init__.py:231)", 2, 0, 25),
      new Expected("handle (app.py:12)", 2, 25, 60),
      new Expected("dumps (json/__init__.py:231)", 3, 25, 20),
      new Expected("get (requests/api.py:73)", 3, 45, 35),
      new Expected("recv_into_[k]", 4, 45, 30));

  @Test
  void drawsEveryFrameOfTheTreeToScale() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES).withMinWidth(0));

    double canvasWidth = state().get("canvasWidth").asDouble();
    JsonNode drawn = browser.evaluate("flamegraph.drawn()");

    assertThat(canvasWidth).isGreaterThan(1000);
    assertThat(drawn).hasSize(SMALL_TREE_FRAMES.size());
    for (int i = 0; i < drawn.size(); i++) {
      Expected expected = SMALL_TREE_FRAMES.get(i);
      JsonNode frame = drawn.get(i);
      assertThat(frame.get("name").asText()).isEqualTo(expected.name());
      assertThat(frame.get("depth").asInt()).isEqualTo(expected.depth());
      assertThat(frame.get("left").asDouble()).as(expected.name()).isCloseTo(expected.x() * canvasWidth / 100, within(0.01));
      assertThat(frame.get("width").asDouble()).as(expected.name()).isCloseTo(expected.width() * canvasWidth / 100, within(0.01));
      assertThat(frame.get("top").asInt()).as("root at the bottom").isEqualTo((4 - expected.depth()) * ROW);
    }
    assertThat(browser.evaluate("document.title").asText()).isEqualTo("Small");
  }

  @Test
  void showsNameSamplesAndShareOfTheFrameUnderTheMouse() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES));

    JsonNode recv = frame("recv_into_[k]");
    browser.moveMouse(recv.get("centerX").asDouble(), recv.get("centerY").asDouble());

    assertThat(state().get("status").asText()).isEqualTo("recv_into_[k] \u2014 30 samples (30.00% of total)");
    assertThat(browser.evaluate("document.getElementById('tooltip').hidden").asBoolean()).isFalse();
    assertThat(browser.evaluate("document.getElementById('tooltip').textContent").asText())
        .contains("recv_into_[k]", "30 samples (30.00% of total)");
  }

  @Test
  void showsBytesHumanReadablyForMemoryProfiles() throws IOException {
    CallTree heap = new CallTree();
    heap.add(List.of(FlameGraphHtmlTest.MAIN, FlameGraphHtmlTest.HANDLE), 3L * 1024 * 1024);
    heap.add(List.of(FlameGraphHtmlTest.MAIN), 1024L * 1024 * 1024);
    load(heap, FlameGraphHtml.Options.of("Heap", WeightUnit.BYTES));

    JsonNode handle = frame("handle (app.py:12)");
    browser.moveMouse(handle.get("centerX").asDouble() , handle.get("centerY").asDouble());

    assertThat(state().get("status").asText()).isEqualTo("handle (app.py:12) \u2014 3.00 MiB (0.29% of total)");
    assertThat(browser.evaluate("document.getElementById('totals').textContent").asText()).startsWith("Total: 1.00 GiB");
  }

  @Test
  void searchCountsEverySampleWithAMatchingFrameOnce() throws IOException {
    CallTree tree = FlameGraphHtmlTest.smallTree();
    load(tree, FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES).withMinWidth(0));

    search("dumps|handle");

    assertThat(state().get("matchedPercent").asDouble()).isCloseTo(85.0, within(1e-9));
    assertThat(state().get("matchedText").asText()).isEqualTo("Matched: 85.00% (85 samples)");
    JsonNode dumps = frame("dumps (json/__init__.py:231)");
    assertThat(dumps.get("matched").asBoolean()).isTrue();
    assertThat(pixel(dumps)).as("matched frames are painted magenta").isEqualTo("230,0,230");
    assertThat(pixel(frame("main (app.py:40)"))).isNotEqualTo("230,0,230");
  }

  @Test
  void searchMatchesTheGroundTruthOfALargerTree() throws IOException {
    CallTree tree = randomTree(new Random(42), 3000);
    load(tree, FlameGraphHtml.Options.of("Random", WeightUnit.SAMPLES).withMinWidth(0));

    for (String regex : List.of("handle", "recv|poll", "^mid[13]", "json/", "\\(app\\.py:4", "zzz")) {
      search(regex);
      assertThat(state().get("matchedValue").asLong()).as(regex).isEqualTo(samplesMatching(tree, regex));
      assertThat(state().get("matchedPercent").asDouble()).as(regex)
          .isCloseTo(100.0 * samplesMatching(tree, regex) / tree.total(), within(1e-9));
    }
  }

  @Test
  void reportsAnInvalidRegexWithoutThrowing() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES));

    search("(unclosed");

    assertThat(state().get("matchedText").asText()).isEqualTo("Invalid regex");
    assertThat(state().get("searchError").asText()).isNotEmpty();
  }

  @Test
  void clickZoomsIntoAFrameAndResetZoomShowsTheWholeGraphAgain() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES).withMinWidth(0));
    double canvasWidth = state().get("canvasWidth").asDouble();
    JsonNode before = browser.evaluate("flamegraph.drawn()");

    JsonNode handle = frame("handle (app.py:12)");
    browser.click(handle.get("centerX").asDouble(), handle.get("centerY").asDouble());

    assertThat(state().get("zoomed").asText()).isEqualTo("handle (app.py:12)");
    assertThat(state().get("resetZoomEnabled").asBoolean()).isTrue();
    assertThat(frame("handle (app.py:12)").get("width").asDouble()).isCloseTo(canvasWidth, within(0.01));
    JsonNode get = frame("get (requests/api.py:73)");
    assertThat(get.get("left").asDouble()).isCloseTo(20.0 / 60 * canvasWidth, within(0.01));
    assertThat(get.get("width").asDouble()).isCloseTo(35.0 / 60 * canvasWidth, within(0.01));
    JsonNode main = frame("main (app.py:40)");
    assertThat(main.get("faded").asBoolean()).as("callers stay visible, faded").isTrue();
    assertThat(main.get("width").asDouble()).isCloseTo(canvasWidth, within(0.01));
    assertThat(browser.evaluate("flamegraph.drawn().filter(f => f.depth === 2).map(f => f.name)"))
        .extracting(JsonNode::asText).containsExactly("handle (app.py:12)");

    JsonNode reset = browser.evaluate(
        "(() => { const r = document.getElementById('reset-zoom').getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    browser.click(reset.get("x").asDouble(), reset.get("y").asDouble());

    assertThat(state().get("zoomed").isNull()).isTrue();
    assertThat(state().get("resetZoomEnabled").asBoolean()).isFalse();
    assertThat(browser.evaluate("flamegraph.drawn()")).isEqualTo(before);
  }

  @Test
  void escapeClearsTheSearchThenTheZoom() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES));
    JsonNode handle = frame("handle (app.py:12)");
    browser.click(handle.get("centerX").asDouble(), handle.get("centerY").asDouble());
    search("get");

    browser.pressKey("Escape");
    assertThat(state().get("search").asText()).isEmpty();
    assertThat(state().get("matchedText").asText()).isEmpty();
    assertThat(state().get("zoomed").asText()).isEqualTo("handle (app.py:12)");

    browser.pressKey("Escape");
    assertThat(state().get("zoomed").isNull()).isTrue();
  }

  @Test
  void outlinesTheHighlightedPath() throws IOException {
    load(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES)
        .withHighlightPath(List.of(FlameGraphHtmlTest.MAIN, FlameGraphHtmlTest.HANDLE, FlameGraphHtmlTest.GET)));

    JsonNode highlighted = browser.evaluate("flamegraph.drawn().filter(f => f.highlighted).map(f => f.name)");

    assertThat(highlighted).extracting(JsonNode::asText)
        .containsExactly("main (app.py:40)", "handle (app.py:12)", "get (requests/api.py:73)");
    assertThat(browser.evaluate("document.getElementById('legend').textContent").asText()).contains("highlighted path");
  }

  @Test
  void saysSoWhenThereAreNoSamples() throws IOException {
    load(new CallTree(), FlameGraphHtml.Options.of("Nothing", WeightUnit.SAMPLES));

    assertThat(browser.evaluate("document.getElementById('empty').hidden").asBoolean()).isFalse();
    assertThat(browser.evaluate("flamegraph.drawn().length").asInt()).isZero();
  }

  @Test
  void loadsAndDrawsAHundredThousandFrames() throws IOException {
    CallTree tree = new CallTree();
    for (int i = 0; i < 100_000; i++) {
      tree.add(List.of(FlameGraphHtmlTest.MAIN, FrameKey.python("route" + i % 100, "/srv/app/routes.py", i % 100),
          FrameKey.python("leaf" + i, "/srv/app/leaves.py", i)), 1 + i % 3);
    }
    FlameGraphHtml.Result written = load(tree, FlameGraphHtml.Options.of("Large", WeightUnit.SAMPLES).withMinWidth(0));

    assertThat(written.frames()).isEqualTo(1 + 1 + 100 + 100_000);
    assertThat(browser.evaluate("flamegraph.frameCount").asInt()).isEqualTo(written.frames());
    assertThat(browser.evaluate("flamegraph.total").asLong()).isEqualTo(tree.total());
    search("leaf9999[0-9]");
    assertThat(state().get("matchedValue").asLong()).isEqualTo(samplesMatching(tree, "leaf9999[0-9]"));
  }

  @Test
  void showsStacksDeeperThanACanvasCanHoldOneZoomAtATime() throws IOException {
    load(DeepStacksTest.deepTree(), FlameGraphHtml.Options.of("Deep", WeightUnit.SAMPLES));

    assertThat(state().get("rows").toString()).isEqualTo("[0,1499]");
    assertThat(browser.evaluate("document.getElementById('flame').height").asInt()).isEqualTo(1500 * ROW);
    assertThat(browser.evaluate("document.getElementById('totals').textContent").asText()).contains("4,100 levels deep");

    clickDeepest();
    assertThat(state().get("rows").toString()).isEqualTo("[1489,2988]");
    clickDeepest();
    assertThat(state().get("rows").toString()).as("the window ends at the deepest level").isEqualTo("[2601,4100]");
    assertThat(frame("<truncated>").get("depth").asInt()).isEqualTo(DeepStacksTest.DEPTH);
  }

  /** Scrolls the deepest drawn frame into view and clicks it. */
  private static void clickDeepest() {
    String deepest = "flamegraph.drawn().reduce((a, f) => (f.depth > a.depth ? f : a))";
    browser.evaluate("(() => { const f = " + deepest + "; window.scrollBy(0, f.centerY - window.innerHeight / 2); })()");
    JsonNode frame = browser.evaluate(deepest);
    browser.click(frame.get("centerX").asDouble(), frame.get("centerY").asDouble());
    assertThat(state().get("zoomedIndex").asInt()).isEqualTo(frame.get("index").asInt());
  }

  @Test
  void looksLikeAFlameGraph() throws IOException {
    FoldedStacks.ParseResult parsed;
    try (var in = getClass().getResourceAsStream("two-processes.folded")) {
      parsed = FoldedStacks.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    load(parsed.tree().displayView(), FlameGraphHtml.Options.of("CPU profile: worker.py and gunicorn", WeightUnit.SAMPLES)
        .withSubtitle("2 processes \u00b7 60 s at 100 Hz \u00b7 highlighted: hottest path")
        .withHighlightPath(List.of(FrameKey.process(42, "gunicorn: worker [app]"),
            FrameLabels.parse("_bootstrap (threading.py:1002)"), FrameLabels.parse("_worker (concurrent/futures/thread.py:83)"))));
    search("json");
    JsonNode compute = frame("compute (app.py:18)");
    browser.moveMouse(compute.get("centerX").asDouble(), compute.get("centerY").asDouble());

    byte[] png = browser.screenshot();
    Path shot = Path.of("target", "flamegraph-screenshot.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, png);

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(png.length).isGreaterThan(10_000);
  }

  @Test
  void oneFunctionIsOneBoxByDefaultWithItsLinesInTheTooltipAndTheCheckboxSplitsItByLine() throws IOException {
    // handle() sampled at two lines, each calling get(): by function one handle box of 60 with one get
    FrameKey main = FrameKey.python("main", "/srv/app.py", 40);
    FrameKey handle12 = FrameKey.python("handle", "/srv/app.py", 12);
    FrameKey handle15 = FrameKey.python("handle", "/srv/app.py", 15);
    FrameKey get = FrameKey.python("get", "/venv/lib/python3.12/site-packages/requests/api.py", 73);
    CallTree tree = new CallTree();
    tree.add(List.of(main, handle12, get), 30);
    tree.add(List.of(main, handle15, get), 10);
    tree.add(List.of(main, handle15), 20);
    tree.add(List.of(main), 40);
    loadAsWritten(tree, FlameGraphHtml.Options.of("By function", WeightUnit.SAMPLES).withMinWidth(0));

    assertThat(browser.evaluate("flamegraph.byLine").asBoolean()).isFalse();
    JsonNode handle = frame("handle (app.py)");
    assertThat(handle.get("value").asLong()).isEqualTo(60);
    assertThat(frame("get (requests/api.py)").get("value").asLong()).isEqualTo(40);
    assertThat(browser.evaluate("flamegraph.drawn().filter(f => f.name.startsWith('handle')).length").asInt()).isEqualTo(1);
    JsonNode lines = browser.evaluate("flamegraph.linesOf(" + handle.get("index").asInt() + ")");
    assertThat(lines).hasSize(2);
    assertThat(List.of(lines.get(0).get(0).asText(), lines.get(1).get(0).asText())).containsExactlyInAnyOrder("12", "15");
    browser.moveMouse(handle.get("centerX").asDouble(), handle.get("centerY").asDouble());
    assertThat(browser.evaluate("document.getElementById('tooltip').textContent").asText()).contains("lines 12 (50.00%), 15 (50.00%)");

    browser.evaluate("(() => { const c = document.getElementById('by-line'); c.click(); })()");
    assertThat(browser.evaluate("flamegraph.byLine").asBoolean()).isTrue();
    assertThat(frame("handle (app.py:12)").get("value").asLong()).isEqualTo(30);
    assertThat(frame("handle (app.py:15)").get("value").asLong()).isEqualTo(30);
  }

  @Test
  void withLinesThePageOpensOneBoxPerLine() throws IOException {
    loadAsWritten(FlameGraphHtmlTest.smallTree(), FlameGraphHtml.Options.of("Small", WeightUnit.SAMPLES).withLines(true));
    assertThat(browser.evaluate("flamegraph.byLine").asBoolean()).isTrue();
    assertThat(browser.evaluate("document.getElementById('by-line').checked").asBoolean()).isTrue();
    frame("handle (app.py:12)");
  }

  // ---- helpers ----

  /** Loads the page per line (these tests check the written geometry box by box). */
  private FlameGraphHtml.Result load(CallTree tree, FlameGraphHtml.Options options) throws IOException {
    return loadAsWritten(tree, options.withLines(true));
  }

  private FlameGraphHtml.Result loadAsWritten(CallTree tree, FlameGraphHtml.Options options) throws IOException {
    Path page = dir.resolve("flamegraph.html");
    FlameGraphHtml.Result result;
    try (Writer out = Files.newBufferedWriter(page)) {
      result = FlameGraphHtml.write(tree, options, out);
    }
    browser.load(page);
    return result;
  }

  private static JsonNode state() {
    return browser.evaluate("flamegraph.state()");
  }

  /** Focuses the search box like Ctrl+F does, replaces its text by typing. */
  private static void search(String regex) {
    browser.evaluate("(() => { const s = document.getElementById('search'); s.focus(); s.select(); })()");
    browser.insertText(regex);
    assertThat(state().get("search").asText()).isEqualTo(regex);
  }

  private static JsonNode frame(String name) {
    for (JsonNode frame : browser.evaluate("flamegraph.drawn()")) {
      if (frame.get("name").asText().equals(name)) {
        return frame;
      }
    }
    throw new AssertionError("no drawn frame named " + name);
  }

  /** The RGB of the canvas pixel near the right end of a frame, past its label. */
  private static String pixel(JsonNode frame) {
    double x = frame.get("left").asDouble() + frame.get("width").asDouble() - 6;
    double y = frame.get("top").asDouble() + 8;
    return browser.evaluate("(() => { const d = document.getElementById('flame').getContext('2d')"
        + ".getImageData(" + Math.round(x) + ", " + Math.round(y) + ", 1, 1).data; return d[0] + ',' + d[1] + ',' + d[2]; })()").asText();
  }

  /** Ground truth: the weight of the stacks of which at least one frame label matches. */
  private static long samplesMatching(CallTree tree, String regex) {
    Pattern pattern = Pattern.compile(regex);
    long[] sum = {0};
    tree.forEachStack((path, weight) -> {
      if (path.stream().anyMatch(f -> pattern.matcher(f.label()).find())) {
        sum[0] += weight;
      }
    });
    return sum[0];
  }

  private static CallTree randomTree(Random random, int stacks) {
    List<FrameKey> pool = new ArrayList<>(List.of(FlameGraphHtmlTest.MAIN, FlameGraphHtmlTest.HANDLE, FlameGraphHtmlTest.GET,
        FlameGraphHtmlTest.DUMPS, FlameGraphHtmlTest.RECV, FrameKey.syscall("poll")));
    for (int i = 0; i < 6; i++) {
      pool.add(FrameKey.python("mid" + i, "/srv/app/app.py", 40 + i));
    }
    CallTree tree = new CallTree();
    for (int s = 0; s < stacks; s++) {
      List<FrameKey> stack = new ArrayList<>();
      for (int d = 1 + random.nextInt(8); d > 0; d--) {
        stack.add(pool.get(random.nextInt(pool.size())));
      }
      tree.add(stack, 1 + random.nextInt(9));
    }
    return tree;
  }
}
