package dev.pyrometer.agent.heap.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.heap.growth.GrowthReport;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.contract.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory headline fits a printer column: module.variable (type) size, no file paths. */
class ShortTopTest {
  private static HeapReport report(List<HeapReport.PathEntry> paths, NativeBreakdown rss, GrowthReport growth, Finding finding) {
    return new HeapReport(null, null, paths, null, null, null, rss, growth, finding, null);
  }

  private static Finding finding(String kind, String location) {
    return new Finding(kind, "title", location, 0.5, "suggestion");
  }

  @Test
  void aModuleGlobalIsModuleDotVariableTypeAndSize() {
    HeapReport r = report(List.of(new HeapReport.PathEntry("sys.modules;openpyxl.utils.cell;_COL_STRING_CACHE (dict)", 12_900_000, 10)),
        null, null,
        finding("memory.module-global", "openpyxl.utils.cell._COL_STRING_CACHE (/usr/lib/python3/dist-packages/openpyxl/utils/cell.py)"));

    assertThat(ShortTop.of(r)).isEqualTo("openpyxl.utils.cell._COL_STRING_CACHE (dict) 12.3 MB");
  }

  @Test
  void nativeMemoryNamesTheLibraryWithoutItsDirectory() {
    NativeBreakdown rss = new NativeBreakdown(900L << 20, 900L << 20,
        List.of(new NativeBreakdown.Category("/usr/local/lib/python3.12/site-packages/torch/lib/libtorch_cpu.so", 600L << 20, "library")),
        null, 10L << 20, 0);

    assertThat(ShortTop.of(report(List.of(), rss, null, finding("memory.native", "/usr/local/lib/python3.12/site-packages/torch/lib/libtorch_cpu.so"))))
        .isEqualTo("libtorch_cpu.so 600.0 MB");
  }

  @Test
  void growthSaysHowFast() {
    GrowthReport growth = new GrowthReport(List.of(), List.of(new GrowthReport.Series("sys.modules;app.cache;ORDERS (dict)",
        List.of(1L << 20, 3L << 20), 20_480, true)), List.of(), List.of());

    assertThat(ShortTop.of(report(List.of(), null, growth, finding("memory.growth", "x")))).isEqualTo("app.cache.ORDERS (dict) +20.0 KB/s");
  }

  @Test
  void aLongNameIsCutButKeepsItsSize() {
    String variable = "A_VERY_LONG_VARIABLE_NAME_THAT_NOBODY_WOULD_TYPE_TWICE_" + "X".repeat(40) + " (dict)";
    String top = ShortTop.of(report(List.of(new HeapReport.PathEntry("sys.modules;pkg.mod;" + variable, 2048, 1)), null, null, null));

    assertThat(top).hasSizeLessThanOrEqualTo(ShortTop.MAX_CHARS).endsWith("… 2.0 KB").startsWith("pkg.mod.A_VERY_LONG");
  }

  @Test
  void nothingToNameIsNull() {
    assertThat(ShortTop.of(report(List.of(), null, null, null))).isNull();
  }
}
