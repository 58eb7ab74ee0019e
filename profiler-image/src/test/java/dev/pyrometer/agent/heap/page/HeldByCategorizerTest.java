package dev.pyrometer.agent.heap.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.heap.HeapAnalysis;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.render.FrameCategory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldByCategorizerTest {
  private static final Map<String, String> FILES = Map.of(
      "shop.cache", "/srv/shop/cache.py",
      "re", "/usr/lib/python3.12/re/__init__.py",
      "requests", "/venv/lib/python3.12/site-packages/requests/__init__.py");

  private static ProcessResult process(int pid, Map<String, String> moduleFiles) {
    return new ProcessResult(pid, "python app.py", new HeapAnalysis(null, null, null, List.of(), null, null, moduleFiles));
  }

  private static List<FrameKey> path(String folded) {
    return Arrays.stream(folded.split(";")).map(FrameKey::marker).toList();
  }

  @Test
  void everyStepOfAModuleGlobalsPathTakesTheColourOfItsModule() {
    HeldByCategorizer colours = new HeldByCategorizer(List.of(process(7, FILES)));

    assertThat(colours.categorize(path("sys.modules;shop.cache;CACHE (dict);[*values] (str)"))).isEqualTo(FrameCategory.APP);
    assertThat(colours.categorize(path("sys.modules;re;_cache (dict)"))).isEqualTo(FrameCategory.STDLIB);
    assertThat(colours.categorize(path("sys.modules;requests;adapters (module)"))).isEqualTo(FrameCategory.LIBRARY);
    assertThat(colours.categorize(path("sys.modules;sys;path (list)"))).as("built in, no file").isEqualTo(FrameCategory.STDLIB);
    assertThat(colours.categorize(path("sys.modules;shop;(small objects)"))).as("a namespace package").isEqualTo(FrameCategory.MARKER);
    assertThat(colours.categorize(path("sys.modules"))).isEqualTo(FrameCategory.CONTEXT);
  }

  @Test
  void aThreadsLocalsTakeTheColourOfTheFrameHoldingThemAndTheInterpretersRootsItsOwn() {
    HeldByCategorizer colours = new HeldByCategorizer(List.of(process(7, FILES)));

    assertThat(colours.categorize(path("[thread 12 worker];_bootstrap (threading.py:1030);run (threading.py:1010)")))
        .isEqualTo(FrameCategory.STDLIB);
    assertThat(colours.categorize(path("[thread 12 worker];run (threading.py:1010);handle (views.py:40);rows (list)")))
        .isEqualTo(FrameCategory.APP);
    assertThat(colours.categorize(path("[thread 12 worker];send (requests/sessions.py:589);buf (bytes)")))
        .isEqualTo(FrameCategory.LIBRARY);
    assertThat(colours.categorize(path("[thread 12 worker]"))).isEqualTo(FrameCategory.CONTEXT);
    assertThat(colours.categorize(path("[interned]"))).isEqualTo(HeldByCategorizer.INTERPRETER);
    assertThat(colours.categorize(path("[unreached-gc];<dict>"))).isEqualTo(HeldByCategorizer.INTERPRETER);
    assertThat(colours.categorize(path("builtins;print (builtin_function_or_method)"))).isEqualTo(HeldByCategorizer.INTERPRETER);
  }

  @Test
  void eachProcessKeepsItsOwnModuleFiles() {
    HeldByCategorizer colours = new HeldByCategorizer(List.of(
        process(7, Map.of("util", "/srv/app/util.py")),
        process(8, Map.of("util", "/venv/lib/python3.12/site-packages/util/__init__.py"))));
    FrameKey seven = FrameKey.process(7, "python a.py");
    FrameKey eight = FrameKey.process(8, "python b.py");

    assertThat(colours.categorize(List.of(seven, FrameKey.marker("sys.modules"), FrameKey.marker("util"))))
        .isEqualTo(FrameCategory.APP);
    assertThat(colours.categorize(List.of(eight, FrameKey.marker("sys.modules"), FrameKey.marker("util"))))
        .isEqualTo(FrameCategory.LIBRARY);
    assertThat(colours.categorize(List.of(eight))).isEqualTo(FrameCategory.CONTEXT);
  }
}
