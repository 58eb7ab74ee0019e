package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlameGraphHtmlTest {
  static final FrameKey MAIN = FrameKey.python("main", "/srv/app/app.py", 40);
  static final FrameKey HANDLE = FrameKey.python("handle", "/srv/app/app.py", 12);
  static final FrameKey GET = FrameKey.python("get", "/venv/lib/python3.12/site-packages/requests/api.py", 73);
  static final FrameKey DUMPS = FrameKey.python("dumps", "/usr/lib/python3.12/json/__init__.py", 231);
  static final FrameKey RECV = FrameKey.syscall("recv_into");

  /** main 100 = handle 60 (get 35 (recv 30), dumps 20) + dumps 25 + 15 self. */
  static CallTree smallTree() {
    CallTree tree = new CallTree();
    tree.add(List.of(MAIN, HANDLE, GET, RECV), 30);
    tree.add(List.of(MAIN, HANDLE, GET), 5);
    tree.add(List.of(MAIN, HANDLE, DUMPS), 20);
    tree.add(List.of(MAIN, HANDLE), 5);
    tree.add(List.of(MAIN, DUMPS), 25);
    tree.add(List.of(MAIN), 15);
    return tree;
  }

  @Test
  void templateHasItsSlotsInTheOrderTheWriterFillsThem() {
    assertThat(MarkedTemplate.load(FlameGraphHtml.class, "flamegraph.html").slotNames())
        .containsExactly("title", "subtitle", "unit", "minwidth", "lines", "categories", "legend", "frames", "highlight", "names", "details", "diff");
  }

  @Test
  void writesEveryFrameDepthFirstWithItsTotalAndPosition() throws IOException {
    String html = write(smallTree(), FlameGraphHtml.Options.of("Demo", WeightUnit.SAMPLES).withMinWidth(0));

    FlameGraphPage page = FlameGraphPage.parse(html);

    assertThat(page.frames()).containsExactly(
        new FlameGraphPage.Frame(0, 0, 100, "all", "context"),
        new FlameGraphPage.Frame(1, 0, 100, "main (app.py:40)", "app"),
        new FlameGraphPage.Frame(2, 0, 25, "dumps (json/__init__.py:231)", "stdlib"),
        new FlameGraphPage.Frame(2, 25, 60, "handle (app.py:12)", "app"),
        new FlameGraphPage.Frame(3, 25, 20, "dumps (json/__init__.py:231)", "stdlib"),
        new FlameGraphPage.Frame(3, 45, 35, "get (requests/api.py:73)", "library"),
        new FlameGraphPage.Frame(4, 45, 30, "recv_into_[k]", "syscall"));
    assertThat(page.title().asText()).isEqualTo("Demo");
    assertThat(page.details()).contains("get (/venv/lib/python3.12/site-packages/requests/api.py:73)");
    assertThat(html).doesNotContain("/*frames:*/", "/*:frames*/", "template with sample data", "recv_into (app.py");
  }

  @Test
  void leavesOutFramesNarrowerThanTheMinimumWidthWithWhatIsAboveThem() throws IOException {
    StringWriter out = new StringWriter();
    FlameGraphHtml.Result result = FlameGraphHtml.write(smallTree(),
        FlameGraphHtml.Options.of("Demo", WeightUnit.SAMPLES).withMinWidth(0.31), out);

    FlameGraphPage page = FlameGraphPage.parse(out.toString());

    assertThat(page.frames()).extracting(FlameGraphPage.Frame::name)
        .containsExactly("all", "main (app.py:40)", "handle (app.py:12)", "get (requests/api.py:73)");
    assertThat(page.frames().get(2).x()).as("handle keeps its place after the hidden dumps").isEqualTo(25);
    assertThat(result).isEqualTo(new FlameGraphHtml.Result(4, 3, 0));
  }

  @Test
  void outlinesTheFramesOfTheHighlightPathThatExist() throws IOException {
    FlameGraphHtml.Options options = FlameGraphHtml.Options.of("Demo", WeightUnit.SAMPLES)
        .withHighlightPath(List.of(MAIN, HANDLE, GET, FrameKey.syscall("poll")));

    FlameGraphPage page = FlameGraphPage.parse(write(smallTree(), options));

    assertThat(page.highlight()).extracting(i -> page.frames().get(i).name())
        .containsExactly("main (app.py:40)", "handle (app.py:12)", "get (requests/api.py:73)");
  }

  @Test
  void colorsEachFrameAsTheCategorizerSaysFromItsWholePathAndWritesItsLegend() throws IOException {
    CallTree tree = new CallTree();
    tree.add(List.of(FrameKey.marker("sys.modules"), FrameKey.marker("app"), FrameKey.marker("CACHE (dict)")), 70);
    tree.add(List.of(FrameKey.marker("sys.modules"), FrameKey.marker("re"), FrameKey.marker("_cache (dict)")), 20);
    tree.add(List.of(FrameKey.marker("[interned]")), 10);
    // the colour of a path's root module, inherited by every step below it
    FrameCategorizer byRootModule = new FrameCategorizer() {
      @Override
      public FrameCategory categorize(List<FrameKey> path) {
        if (path.size() < 2 || !path.get(0).name().equals("sys.modules")) {
          return path.get(0).name().equals("sys.modules") ? FrameCategory.CONTEXT : FrameCategory.MARKER;
        }
        return path.get(1).name().equals("re") ? FrameCategory.STDLIB : FrameCategory.APP;
      }

      @Override
      public Legend legend() {
        return new Legend("held by:", new java.util.LinkedHashMap<>(Map.of(FrameCategory.APP, "your code")));
      }
    };

    String html = write(tree, FlameGraphHtml.Options.of("Memory", WeightUnit.BYTES).withMinWidth(0).withCategorizer(byRootModule));

    assertThat(FlameGraphPage.parse(html).frames()).extracting(f -> f.name() + " " + f.category()).containsExactly(
        "all context", "[interned] marker", "sys.modules context", "app app", "CACHE (dict) app", "re stdlib",
        "_cache (dict) stdlib");
    assertThat(FlameGraphPage.value(html, "legendData")).isEqualTo("{\"heading\":\"held by:\",\"entries\":[[\"app\",\"your code\"]]}");
    assertThat(FlameGraphPage.value(write(tree, FlameGraphHtml.Options.of("CPU", WeightUnit.SAMPLES)), "legendData"))
        .as("the page's own legend").isEqualTo("null");
  }

  @Test
  void escapesFrameNamesSoTheyCannotEndTheScript() throws IOException {
    CallTree tree = new CallTree();
    tree.add(List.of(FrameKey.marker("</script><script>alert(1)</script>"), FrameKey.python("f\u2028", "a.py", 1)), 3);

    String html = write(tree, FlameGraphHtml.Options.of("<b>&title</b>", WeightUnit.BYTES));

    assertThat(html).doesNotContain("</script><script>alert", "<b>&title", "\u2028");
    FlameGraphPage page = FlameGraphPage.parse(html);
    assertThat(page.names()).contains("</script><script>alert(1)</script>", "f\u2028 (a.py:1)");
    assertThat(page.title().asText()).isEqualTo("<b>&title</b>");
    assertThat(FlameGraphPage.value(html, "unit")).isEqualTo("\"bytes\"");
  }

  @Test
  void writesOnlyTheRootForAnEmptyTree() throws IOException {
    FlameGraphPage page = FlameGraphPage.parse(write(new CallTree(), FlameGraphHtml.Options.of("Empty", WeightUnit.SAMPLES)));

    assertThat(page.frames()).containsExactly(new FlameGraphPage.Frame(0, 0, 0, "all", "context"));
  }

  @Test
  void keepsEveryWeightOfALargeTree() throws IOException {
    CallTree tree = new CallTree();
    Map<Integer, Long> expected = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      FrameKey leaf = FrameKey.python("leaf" + i, "/srv/app/gen.py", i);
      tree.add(List.of(MAIN, FrameKey.python("mid" + (i % 50), "/srv/app/gen.py", 1), leaf), 1 + i % 7);
      expected.put(i, 1L + i % 7);
    }

    FlameGraphPage page = FlameGraphPage.parse(write(tree, FlameGraphHtml.Options.of("Big", WeightUnit.SAMPLES).withMinWidth(0)));

    assertThat(page.frames()).hasSize(1 + 1 + 50 + 20_000);
    assertThat(page.frames().get(0).width()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
    long leafSum = page.frames().stream().filter(f -> f.depth() == 3).mapToLong(FlameGraphPage.Frame::width).sum();
    assertThat(leafSum).isEqualTo(tree.total());
  }

  @Test
  void rejectsAMinimumWidthThatIsNotAFraction() {
    assertThatThrownBy(() -> FlameGraphHtml.Options.of("x", WeightUnit.SAMPLES).withMinWidth(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minWidth");
  }

  static String write(CallTree tree, FlameGraphHtml.Options options) throws IOException {
    StringWriter out = new StringWriter();
    FlameGraphHtml.write(tree, options, out);
    return out.toString();
  }
}
