package dev.pyrometer.agent.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.agent.attach.AttachedProcess;
import dev.pyrometer.agent.heap.nativemem.NativeBreakdown;
import dev.pyrometer.agent.heap.report.HeapReport;
import dev.pyrometer.agent.heap.report.HeapReport.PathEntry;
import dev.pyrometer.agent.testing.TestPythons;
import dev.pyrometer.agent.testing.TestPythons.Interpreter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heap analysis of a real process of every installed CPython (3.8–3.15) against what that
 * process says about itself: its GC object count, its in-process closure size, a planted 50 MB
 * dict, a 30 MB bytearray held by a sleeping thread's local, a 20 MB str and a tuple the GC does
 * not track; and its resident memory split by allocator against smaps_rollup and pymalloc's own
 * statistics.
 */
class HeapGroundTruthTest {

  static Stream<Interpreter> interpreters() {
    return TestPythons.requireAll().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interpreters")
  void attributesPlantedMemoryAndMatchesInProcessCounts(Interpreter python) throws Exception {
    try (HeapTarget target = HeapTarget.start(python, "ground_truth.py",
            "--plant", "50", "--thread", "30", "--big-str", "20", "--closure");
        AttachedProcess process = AttachedProcess.attach(target.pid());
        HeapAnalyzer analyzer = new HeapAnalyzer(process, HeapAnalyzer.Options.racy())) {
      JsonNode truth = target.truth();
      HeapReport report = analyzer.analyze().report();
      System.out.printf("%s: gc %d/%d, bytes %d/%d closure, cache %d/%d, objects %d, %d ms%n", python,
          report.totals().gcTrackedObjects(), truth.get("gc_objects").asLong(), report.totals().bytes(),
          truth.get("closure_bytes").asLong(), report.topPaths().get(0).bytes(), truth.get("cache_deep_size").asLong(),
          report.totals().objects(), report.meta().analysisMillis());

      countsTheObjectsOnTheGcListsLikeGcGetObjects(report, truth);
      countsAboutTheBytesOfTheInProcessClosure(report, truth);
      namesThePlantedDictAsTheTopPath(report, truth);
      findsTheBytearrayUnderItsThreadAndFrame(report, truth);
      findsObjectsTheGcDoesNotTrack(report, truth);
      splitsResidentMemoryIntoCategoriesThatAddUp(report);
      findsThePymallocArenasItReports(report, truth);
    }
  }

  private static void splitsResidentMemoryIntoCategoriesThatAddUp(HeapReport report) {
    NativeBreakdown rss = report.rss();
    assertThat((double) rss.rssFromMappings()).as("categories vs smaps_rollup Rss")
        .isCloseTo(rss.rss(), within(rss.rss() * 0.01));
    assertThat(rss.unexplained()).as("resident memory no allocator explains").isLessThan(rss.rss() / 20);
    assertThat(category(rss, "pymalloc pools")).as("the planted strings and ints").isGreaterThan(30L << 20);
    assertThat(category(rss, "glibc mmapped chunks")).as("the bytearray's buffer and the dict's table").isGreaterThan(30L << 20);
    assertThat(category(rss, "libraries and executables")).isPositive();
    assertThat(category(rss, "thread stacks")).isPositive();
  }

  private static void findsThePymallocArenasItReports(HeapReport report, JsonNode truth) {
    NativeBreakdown.Pymalloc pymalloc = report.rss().pymalloc();
    assertThat(pymalloc.arenas()).as("sys._debugmallocstats arenas allocated current")
        .isEqualTo(truth.get("pymalloc_arenas").asLong());
    long allocated = truth.get("pymalloc_allocated_bytes").asLong();
    assertThat((double) pymalloc.usedBlockBytes()).as("bytes in allocated blocks")
        .isCloseTo(allocated, within(allocated * 0.02));
  }

  private static long category(NativeBreakdown rss, String name) {
    return rss.categories().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().bytes();
  }

  private static void countsTheObjectsOnTheGcListsLikeGcGetObjects(HeapReport report, JsonNode truth) {
    long expected = truth.get("gc_objects").asLong();
    assertThat((double) report.totals().gcTrackedObjects())
        .as("objects on GC generations 0-2 vs len(gc.get_objects())")
        .isCloseTo(expected, within(Math.max(5, expected * 0.005)));
    assertThat(report.totals().permanentGenerationObjects()).isEqualTo(truth.get("permanent_objects").asLong());
  }

  private static void countsAboutTheBytesOfTheInProcessClosure(HeapReport report, JsonNode truth) {
    long closure = truth.get("closure_bytes").asLong();
    assertThat((double) report.totals().bytes())
        .as("bytes of all objects vs in-process closure with sys.getsizeof")
        .isCloseTo(closure, within(closure * 0.03));
  }

  private static void namesThePlantedDictAsTheTopPath(HeapReport report, JsonNode truth) {
    long deep = truth.get("cache_deep_size").asLong();
    PathEntry top = report.topPaths().get(0);
    assertThat(top.path()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
    assertThat((double) top.bytes()).isCloseTo(deep, within(deep * 0.05));
    HeapReport.ObjectEntry holder = report.topObjects().get(0);
    assertThat(holder.path()).isEqualTo("sys.modules;leakmod;CACHE (dict)");
    assertThat(holder.length()).isEqualTo(truth.get("cache_entries").asLong());
  }

  private static void findsTheBytearrayUnderItsThreadAndFrame(HeapReport report, JsonNode truth) {
    String thread = "[thread " + truth.get("holder_tid").asLong() + " holder];";
    Optional<PathEntry> buf = report.topPaths().stream()
        .filter(p -> p.path().startsWith(thread) && p.path().endsWith(";buf (bytearray)"))
        .findFirst();
    assertThat(buf).as("a path [thread TID holder];...;holder (ground_truth.py:N);buf (bytearray) in " + paths(report)).isPresent();
    assertThat(buf.get().path()).containsPattern(";holder \\(ground_truth\\.py:\\d+\\);buf \\(bytearray\\)$");
    assertThat((double) buf.get().bytes()).isCloseTo(30 << 20, within((30 << 20) * 0.01));
  }

  private static void findsObjectsTheGcDoesNotTrack(HeapReport report, JsonNode truth) {
    assertThat(truth.get("big_str_tracked").asBoolean()).isFalse();
    assertThat(truth.get("names_tracked").asBoolean()).as("the tuple of str was untracked by gc.collect()").isFalse();
    PathEntry big = path(report, "sys.modules;leakmod;BIG_STR (str)");
    assertThat((double) big.bytes()).isCloseTo(20 << 20, within((20 << 20) * 0.01));
    PathEntry names = path(report, "sys.modules;leakmod;NAMES (tuple)");
    assertThat(names.objects()).as("the tuple and its 2000 strings").isEqualTo(2001);
  }

  private static PathEntry path(HeapReport report, String path) {
    return report.topPaths().stream().filter(p -> p.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no top path " + path + " in " + paths(report)));
  }

  private static List<String> paths(HeapReport report) {
    return report.topPaths().stream().map(p -> p.path() + " " + p.bytes()).toList();
  }
}
