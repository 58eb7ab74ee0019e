package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reference paths read like the code that holds the memory: an instance attribute, a closure's
 * free variable, a class attribute, a tuple slot, and a dict only C code holds.
 */
class PathNamingTest {
  private static final double MEGABYTE = 1 << 20;

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void namesPathsAfterAttributesClosuresClassesAndCReferences(Interpreter python) throws Exception {
    try (HeapTarget target = HeapTarget.start(python, "paths.py");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process, HeapAnalyzer.Options.racy())) {
      HeapReport report = analyzer.analyze().report();
      Map<String, Long> paths = report.topPaths().stream()
          .collect(Collectors.toMap(HeapReport.PathEntry::path, HeapReport.PathEntry::bytes));

      assertThat(paths).as("top paths").containsKeys(
          "sys.modules;app;REGISTRY (Registry);.items (list)",
          "sys.modules;app;handler (function);.cache (cell)",
          // the class is defined in (and first reached through) the main module
          "sys.modules;__main__;Config (type);.cache (dict)",
          "sys.modules;app;pair (tuple);[1] (list)",
          "[unreached-gc];<dict>;['held'] (list)");
      for (long bytes : paths.entrySet().stream()
          .filter(e -> e.getKey().startsWith("sys.modules;app;") || e.getKey().contains(".cache (")
              || e.getKey().startsWith("[unreached-gc];<dict>;['held']"))
          .map(Map.Entry::getValue).toList()) {
        assertThat((double) bytes).isCloseTo(1.1 * MEGABYTE, within(0.15 * MEGABYTE));
      }
      String held = "0x" + Long.toHexString(target.truth().get("held_id").asLong());
      assertThat(report.topObjects()).anySatisfy(o -> {
        assertThat(o.address()).isEqualTo(held);
        assertThat(o.path()).isEqualTo("[unreached-gc];<dict>");
      });
    }
  }
}
