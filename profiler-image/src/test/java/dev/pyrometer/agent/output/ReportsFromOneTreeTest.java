package dev.pyrometer.agent.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.perftools.profiles.ProfileProto.Profile;
import dev.pyrometer.agent.analysis.GuidedAnalysis;
import dev.pyrometer.agent.analysis.GuidedAnalysisPage;
import dev.pyrometer.agent.analysis.Report;
import dev.pyrometer.agent.analysis.SourceLines;
import dev.pyrometer.agent.pprof.PprofLayout;
import dev.pyrometer.agent.pprof.PprofWriter;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.FrameTable;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.profile.TopStacks;
import dev.pyrometer.agent.profile.TreeView;
import dev.pyrometer.agent.render.FlameGraphHtml;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.agent.render.WeightUnit;
import dev.pyrometer.agent.sample.SampleMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The reports are written from the one recorded tree, walked through a {@link TreeView} and
 * streamed, instead of from copies of it: for a fixed tree every artifact is what the copies gave
 * (the copying {@link CallTree#displayView()} / {@link CallTree#without} stay as the oracle), and
 * a tree that reached its cap keeps its totals, counting the rest under [other].
 */
class ReportsFromOneTreeTest {

  /** Processes with several threads sharing code paths, self weight at a thread level, syscalls, markers. */
  static CallTree recordedTree(long seed, int processes) {
    Random random = new Random(seed);
    CallTree tree = new CallTree();
    for (int s = 0; s < 3000; s++) {
      int p = random.nextInt(processes);
      List<FrameKey> stack = new ArrayList<>();
      stack.add(FrameKey.process(100 + p, "python app" + p + ".py"));
      stack.add(FrameKey.thread(1000 + 10 * p + random.nextInt(4), random.nextBoolean() ? "MainThread" : "worker"));
      int depth = random.nextInt(12);
      for (int d = 0; d < depth; d++) {
        int f = random.nextInt(9);
        stack.add(FrameKey.python("f" + f, "/app/mod" + (f % 3) + ".py", 1 + random.nextInt(3)));
      }
      if (depth > 0 && random.nextInt(5) == 0) {
        stack.add(FrameKey.syscall("poll"));
      }
      if (random.nextInt(40) == 0) {
        stack.add(FrameKey.marker("<truncated>"));
      }
      tree.add(stack, 1 + random.nextInt(3));
    }
    return tree;
  }

  @Test
  void foldedStacksAndFlameGraphFromTheViewEqualThoseFromTheCopy() throws IOException {
    for (int processes : new int[] {1, 3}) {
      CallTree tree = recordedTree(processes, processes);
      // the display view hides threads, and the process root when there is one process
      assertThat(FoldedStacks.toText(tree.displayView())).isEqualTo(folded(TreeView.display(tree)));
      CallTree threadsOnly = tree.without(EnumSet.of(FrameKind.THREAD));
      assertThat(FoldedStacks.toText(threadsOnly)).isEqualTo(folded(TreeView.without(tree, EnumSet.of(FrameKind.THREAD))));

      FlameGraphHtml.Options options = FlameGraphHtml.Options.of("cpu profile", WeightUnit.SAMPLES).withSubtitle("x")
          .withHighlightPath(List.of(FrameKey.python("f1", "/app/mod1.py", 1)));
      StringWriter fromCopy = new StringWriter();
      FlameGraphHtml.Result copyResult = FlameGraphHtml.write(tree.displayView(), options, fromCopy);
      StringWriter fromView = new StringWriter();
      FlameGraphHtml.Result viewResult = FlameGraphHtml.write(TreeView.display(tree), options, fromView);
      assertThat(fromView.toString()).isEqualTo(fromCopy.toString());
      assertThat(viewResult).isEqualTo(copyResult);
      assertThat(viewResult.frames()).isGreaterThan(20);
    }
  }

  @Test
  void reportPageFromTheViewEqualsTheOneFromTheCopy() throws IOException {
    for (int processes : new int[] {1, 3}) {
      CallTree tree = recordedTree(10 + processes, processes);
      RecordedProfile profile = new RecordedProfile(SampleMode.WALL, 1000, Duration.ofSeconds(5), tree, List.of());
      Report report = GuidedAnalysis.analyse(profile, SourceLines.NONE);
      StringWriter fromCopy = new StringWriter();
      GuidedAnalysisPage.of(report, tree.displayView()).write(fromCopy);
      StringWriter fromView = new StringWriter();
      GuidedAnalysisPage.of(report, TreeView.display(tree)).write(fromView);
      assertThat(fromView.toString()).isEqualTo(fromCopy.toString()).contains("flamegraph-frame");
    }
  }

  @Test
  void streamedPprofIsTheWholeMessageSerialized() throws IOException {
    CallTree tree = recordedTree(7, 3);
    RecordedProfile profile = new RecordedProfile(SampleMode.CPU, 1000, Duration.ofSeconds(5), tree, List.of());
    PprofLayout layout = PprofLayout.forRecording(profile, Instant.parse("2026-12-02T10:00:00Z"));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    PprofWriter.write(tree, layout, gz);
    byte[] streamed;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      streamed = in.readAllBytes();
    }
    Profile whole = PprofWriter.toProfile(tree, layout);
    assertThat(streamed).isEqualTo(whole.toByteArray());
    assertThat(Profile.parseFrom(streamed).getSampleCount()).isEqualTo(whole.getSampleCount()).isGreaterThan(100);
  }

  @Test
  void topStackOfAProcessMergesItsThreadsAsTheCopyDid() {
    CallTree tree = recordedTree(3, 3);
    for (int pid = 100; pid < 103; pid++) {
      // oracle: the heaviest stack of the copy without thread levels
      int p = pid;
      long[] best = {0};
      tree.without(EnumSet.of(FrameKind.THREAD)).forEachStack((path, weight) -> {
        if (path.size() > 1 && path.get(0).line() == p && weight > best[0]) {
          best[0] = weight;
        }
      });
      TopStacks.Top top = TopStacks.ofProcess(tree, pid);
      assertThat(top.weight()).isEqualTo(best[0]).isPositive();
      Map<List<String>, Long> byLabels = new HashMap<>();
      tree.without(EnumSet.of(FrameKind.THREAD)).forEachStack((path, weight) -> {
        if (path.size() > 1 && path.get(0).line() == p) {
          byLabels.put(path.subList(1, path.size()).stream().map(FrameKey::label).toList(), weight);
        }
      });
      assertThat(byLabels.get(top.labels())).isEqualTo(top.weight());
    }
  }

  @Test
  void aTreeAtItsCapCountsTheRestUnderOtherInItsThreadAndKeepsTheTotals() throws IOException {
    CallTree full = recordedTree(5, 2);
    CallTree capped = new CallTree(new FrameTable(), full.nodeCount() / 2);
    Map<String, Long> perThread = new HashMap<>();
    List<List<FrameKey>> stacks = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    full.forEachStack((stack, weight) -> {
      stacks.add(List.copyOf(stack));
      weights.add(weight);
      perThread.merge(stack.get(1).label(), weight, Long::sum);
    });
    // every thread's first stack before the rest: each thread has its level when the cap is reached
    java.util.Set<FrameKey> seen = new java.util.HashSet<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < stacks.size(); i++) {
      if (seen.add(stacks.get(i).get(1))) {
        order.add(i);
      }
    }
    for (int i = 0; i < stacks.size(); i++) {
      if (!order.contains(i)) {
        order.add(i);
      }
    }
    order.forEach(i -> capped.add(stacks.get(i), weights.get(i)));
    assertThat(capped.total()).isEqualTo(full.total());
    assertThat(capped.overflowWeight()).isPositive().isLessThan(full.total());
    // [other] sits right under each thread, so each thread keeps its weight
    Map<String, Long> cappedPerThread = new HashMap<>();
    long[] other = {0};
    capped.forEachStack((stack, weight) -> {
      cappedPerThread.merge(stack.get(1).label(), weight, Long::sum);
      if (stack.get(stack.size() - 1).equals(CallTree.OTHER)) {
        assertThat(stack).hasSize(3);
        other[0] += weight;
      }
    });
    assertThat(cappedPerThread).isEqualTo(perThread);
    assertThat(other[0]).isEqualTo(capped.overflowWeight());
    // at most one [other] per thread level is all it grows by past the cap
    assertThat(capped.nodeCount()).isLessThanOrEqualTo(full.nodeCount() / 2 + seen.size());
    long foldedTotal = FoldedStacks.parse(folded(TreeView.display(capped))).tree().total();
    assertThat(foldedTotal).isEqualTo(full.total());

    RecordedProfile profile = new RecordedProfile(SampleMode.WALL, 1000, Duration.ofSeconds(5), capped, List.of());
    Report report = GuidedAnalysis.analyse(profile, SourceLines.NONE);
    // the analysis counts the samples with code frames: the same whether the tree was capped or not
    Report uncapped = GuidedAnalysis.analyse(
        new RecordedProfile(SampleMode.WALL, 1000, Duration.ofSeconds(5), full, List.of()), SourceLines.NONE);
    assertThat(report.profile().samples()).isEqualTo(uncapped.profile().samples());
    assertThat(report.profile().overflowSamples()).isEqualTo(capped.overflowWeight());
    assertThat(report.notes()).anyMatch(n -> n.contains("[other]") && n.contains(String.format("%,d", capped.overflowWeight())));
  }

  @Test
  void perProcessHeadlinesAreThoseOfEachProcessAnalysedAlone() {
    CallTree tree = recordedTree(21, 3);
    RecordedProfile profile = new RecordedProfile(SampleMode.WALL, 1000, Duration.ofSeconds(5), tree, List.of());
    Report whole = GuidedAnalysis.analyse(profile, SourceLines.NONE);
    dev.pyrometer.agent.analysis.ProcessHeadlines headlines =
        dev.pyrometer.agent.analysis.ProcessHeadlines.of(profile, whole, java.util.Set.of(100));
    List<dev.pyrometer.contract.ProcessSummary> applied = headlines.apply(List.of(
        new dev.pyrometer.contract.ProcessSummary(100, "python app0.py", "3.15", 1, 0, Map.of(), List.of(), 0, null),
        new dev.pyrometer.contract.ProcessSummary(101, "python app1.py", "3.15", 1, 0, Map.of(), List.of(), 0, null)));
    for (int i = 0; i < 2; i++) {
      int pid = 100 + i;
      CallTree alone = new CallTree();
      tree.forEachStack((stack, weight) -> {
        if (stack.get(0).line() == pid) {
          alone.add(stack, weight);
        }
      });
      Report own = GuidedAnalysis.analyse(
          new RecordedProfile(SampleMode.WALL, 1000, Duration.ofSeconds(5), alone, List.of()));
      assertThat(applied.get(i).finding()).isEqualTo(own.headlineForSummary()).isNotNull();
    }
    assertThat(headlines.run()).isEqualTo(applied.get(0).finding());
  }

  private static String folded(TreeView view) throws IOException {
    StringWriter out = new StringWriter();
    FoldedStacks.write(view, out);
    return out.toString();
  }
}
