package dev.pyrometer.agent.heap.page;

import dev.pyrometer.agent.page.Html;
import dev.pyrometer.agent.page.ReportSection;
import dev.pyrometer.agent.heap.report.MemoryArtifacts.ProcessResult;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.render.FlameGraphHtml;
import dev.pyrometer.agent.render.WeightUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The flame graph of bytes by reference path, with the largest path outlined. */
final class MemoryFlameGraphSection implements ReportSection {
  private final CallTree tree;
  private final FlameGraphHtml.Options options;

  MemoryFlameGraphSection(List<ProcessResult> results, CallTree tree) {
    this.tree = tree;
    List<FrameKey> highlight = List.of();
    String subtitle = "";
    if (results.size() == 1 && !results.get(0).analysis().report().topPaths().isEmpty()) {
      String top = results.get(0).analysis().report().topPaths().get(0).path();
      highlight = Arrays.stream(top.split(";")).map(FrameKey::marker).toList();
      subtitle = "Outlined: the largest path — " + top;
    }
    this.options = FlameGraphHtml.Options.of("Python memory by reference path", WeightUnit.BYTES)
        .withSubtitle(subtitle).withHighlightPath(highlight).withCategorizer(new HeldByCategorizer(results));
  }

  @Override
  public String id() {
    return "memory-flamegraph";
  }

  @Override
  public String title() {
    return "Flame graph";
  }

  @Override
  public void write(Html html) {
    html.element("p", "hint", "Width is bytes. Each frame is a step of a reference path: a module, a variable, an"
        + " attribute, a key, items of a container. The colour says whose module holds the bytes. Hover for details,"
        + " click to zoom, search with a regular expression.");
    html.raw("<iframe id=\"flamegraph-frame\" title=\"Memory flame graph\" srcdoc=\"");
    try {
      FlameGraphHtml.write(tree, options, html.escaping());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    html.raw("\"></iframe>");
  }
}
