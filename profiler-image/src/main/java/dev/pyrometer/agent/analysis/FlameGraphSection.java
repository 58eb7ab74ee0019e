package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.FrameTable;
import dev.pyrometer.agent.profile.TreeView;
import dev.pyrometer.agent.render.FlameGraphHtml;
import dev.pyrometer.agent.render.WeightUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The interactive flame graph (the render step's own page, embedded whole in an iframe so its
 * script and styles stay apart from the report's) with the headline's path outlined.
 */
final class FlameGraphSection implements ReportSection {
  private final TreeView tree;
  private final FlameGraphHtml.Options options;

  private FlameGraphSection(TreeView tree, FlameGraphHtml.Options options) {
    this.tree = tree;
    this.options = options;
  }

  static FlameGraphSection of(Report report, TreeView displayTree) {
    List<FrameKey> highlight = report.headlineFinding().map(f -> highlightPath(f.path(), displayTree)).orElse(List.of());
    String subtitle = report.headlineFinding().map(f -> "Outlined: the most significant path — " + f.title()).orElse("");
    return new FlameGraphSection(displayTree, FlameGraphHtml.Options.of("Flame graph (" + report.profile().mode() + ")",
        WeightUnit.SAMPLES).withSubtitle(subtitle).withHighlightPath(highlight));
  }

  @Override
  public String id() {
    return "flamegraph";
  }

  @Override
  public String title() {
    return "Flame graph";
  }

  @Override
  public void write(Html html) {
    html.element("p", "hint", "Width is the share of samples. Hover for details, click to zoom, search with a regular"
        + " expression. The most significant path is outlined.");
    html.raw("<iframe id=\"flamegraph-frame\" title=\"Flame graph\" srcdoc=\"");
    try {
      // streamed: a large profile's page is never held in memory twice
      FlameGraphHtml.write(tree, options, html.escaping());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    html.raw("\"></iframe>");
  }

  /**
   * The report path as frames of the display tree; when the tree keeps a level per process, the
   * process whose copy of the path carries the most samples leads it.
   */
  static List<FrameKey> highlightPath(List<ReportFrame> path, TreeView tree) {
    List<FrameKey> keys = new ArrayList<>();
    for (ReportFrame f : path) {
      keys.add(switch (f.kind()) {
        case "python" -> FrameKey.python(f.function(), f.file(), f.line());
        case "syscall" -> FrameKey.syscall(f.function());
        default -> FrameKey.marker(f.function());
      });
    }
    FrameTable frames = tree.frames();
    FrameKey bestProcess = null;
    long best = 0;
    List<CallTree.Node> top = new ArrayList<>();
    tree.forEachVisibleChild(tree.root(), top::add);
    for (CallTree.Node child : top) {
      FrameKey frame = frames.get(child.frameId());
      if (frame.kind() == FrameKind.PROCESS) {
        long weight = weightAlong(tree, child, keys, frames);
        if (weight > best) {
          best = weight;
          bestProcess = frame;
        }
      }
    }
    if (bestProcess != null) {
      keys.add(0, bestProcess);
    }
    return keys;
  }

  /** The weight of the path below a process: the nodes of that frame sequence in every hidden level (thread) merged. */
  private static long weightAlong(TreeView tree, CallTree.Node start, List<FrameKey> keys, FrameTable frames) {
    List<CallTree.Node> nodes = List.of(start);
    for (FrameKey key : keys) {
      List<CallTree.Node> next = new ArrayList<>();
      for (CallTree.Node node : nodes) {
        tree.forEachVisibleChild(node, child -> {
          if (frames.get(child.frameId()).equals(key)) {
            next.add(child);
          }
        });
      }
      if (next.isEmpty()) {
        return 0;
      }
      nodes = next;
    }
    return nodes.stream().mapToLong(CallTree.Node::total).sum();
  }
}
