package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pyrometer.agent.diff.DiffTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A differential flame graph in the flame graph page: NEW's shape (widths are NEW's weights), each
 * frame coloured by how its share changed from BASE to NEW, red for grew and blue for shrank, the
 * way FlameGraph's difffolded.pl and CPython's {@code --diff-flamegraph} do. The page carries BASE's
 * shape too, with what disappeared from NEW; its toggle switches between the two. Shares are of each
 * side's own total, so a longer recording does not show as growth.
 */
public final class DiffFlameGraphHtml {
  private static final MarkedTemplate TEMPLATE = MarkedTemplate.load(FlameGraphHtml.class, "flamegraph.html");

  private DiffFlameGraphHtml() {}

  public static void write(DiffTree tree, String title, String subtitle, WeightUnit unit, Writer out) throws IOException {
    Shape news = new Shape(tree, false);
    Shape base = new Shape(tree, true);
    double maxPoints = Math.max(news.maxPoints, base.maxPoints);
    TEMPLATE.fill(out).keepingUnnamedDefaults()
        .slot("title", w -> ScriptJson.writeString(w, title))
        .slot("subtitle", w -> ScriptJson.writeString(w, subtitle))
        .slot("unit", w -> ScriptJson.writeString(w, unit.id()))
        .slot("minwidth", w -> w.write(Double.toString(FlameGraphHtml.DEFAULT_MIN_WIDTH)))
        .slot("categories", DiffFlameGraphHtml::writeCategories)
        .slot("frames", w -> writeInts(w, news.frames))
        .slot("highlight", w -> w.write("[]"))
        .slot("names", w -> writeStrings(w, news.names))
        .slot("details", w -> writeStrings(w, news.details))
        .slot("diff", w -> {
          w.write("{\"baseTotal\": " + tree.baseTotal() + ", \"newTotal\": " + tree.newTotal() + ", \"maxPoints\": "
              + maxPoints + ",\n\"news\": ");
          news.writeView(w, false);
          w.write(",\n\"base\": ");
          base.writeView(w, true);
          w.write("}");
        })
        .finish();
  }

  private static void writeCategories(Writer out) throws IOException {
    try (JsonGenerator json = ScriptJson.generator(out)) {
      json.writeStartArray();
      for (FrameCategory category : FrameCategory.values()) {
        json.writeString(category.id());
      }
      json.writeEndArray();
    }
  }

  private static void writeInts(Writer out, List<Long> values) throws IOException {
    out.write("[\n");
    for (int i = 0; i < values.size(); i++) {
      out.write(Long.toString(values.get(i)));
      out.write(i % 5 == 4 ? ",\n" : ", ");
    }
    out.write("]");
  }

  private static void writeStrings(Writer out, List<String> values) throws IOException {
    try (JsonGenerator json = ScriptJson.generator(out)) {
      json.writeStartArray();
      for (String value : values) {
        json.writeString(value);
      }
      json.writeEndArray();
    }
  }

  /**
   * One side's shape: the frames as the page decodes them (depth, x offset from the parent, width,
   * name, category), depth first, frames narrower than the page's minimum width left out; per frame
   * the change in points and the other side's weight.
   */
  private static final class Shape {
    final List<Long> frames = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> details = new ArrayList<>();
    final List<Double> points = new ArrayList<>();
    final List<Long> other = new ArrayList<>();
    final Map<String, Integer> nameIds = new HashMap<>();
    double maxPoints;

    Shape(DiffTree tree, boolean baseShape) {
      long total = baseShape ? tree.baseTotal() : tree.newTotal();
      long minTotal = (long) Math.ceil(FlameGraphHtml.DEFAULT_MIN_WIDTH * total);
      add(tree.root(), tree, baseShape, 0, 0, "all", null);
      Deque<Iterator<DiffTree.Node>> levels = new ArrayDeque<>();
      Deque<long[]> offsets = new ArrayDeque<>();
      levels.push(tree.root().children().iterator());
      offsets.push(new long[] {0});
      while (!levels.isEmpty()) {
        Iterator<DiffTree.Node> siblings = levels.peek();
        if (!siblings.hasNext()) {
          levels.pop();
          offsets.pop();
          continue;
        }
        DiffTree.Node node = siblings.next();
        long width = baseShape ? node.base() : node.news();
        long[] offset = offsets.peek();
        long dx = offset[0];
        offset[0] += width;
        if (width == 0 || width < minTotal) {
          continue;
        }
        add(node, tree, baseShape, levels.size(), dx, node.label(), node.key());
        levels.push(node.children().iterator());
        offsets.push(new long[] {0});
      }
    }

    private void add(DiffTree.Node node, DiffTree tree, boolean baseShape, int depth, long dx, String label, FrameKey key) {
      long width = baseShape ? node.base() : node.news();
      double share = (double) node.news() / Math.max(tree.newTotal(), 1) - (double) node.base() / Math.max(tree.baseTotal(), 1);
      double p = Math.round(1000 * share) / 10.0;
      String detail = key == null || key.longLabel().equals(label) ? "" : key.longLabel();
      Integer id = nameIds.get(label);
      if (id == null) {
        id = names.size();
        nameIds.put(label, id);
        names.add(label);
        details.add(detail);
      }
      FrameCategory category = key == null ? FrameCategory.CONTEXT : FrameCategory.of(key);
      frames.addAll(List.of((long) depth, dx, width, (long) id, (long) category.ordinal()));
      points.add(p);
      other.add(baseShape ? node.news() : node.base());
      if (depth > 0) {
        maxPoints = Math.max(maxPoints, Math.abs(p));
      }
    }

    void writeView(Writer out, boolean withShape) throws IOException {
      try (JsonGenerator json = ScriptJson.generator(out)) {
        json.writeStartObject();
        json.writeArrayFieldStart("points");
        for (double p : points) {
          json.writeNumber(p);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("other");
        for (long o : other) {
          json.writeNumber(o);
        }
        json.writeEndArray();
        if (withShape) {
          json.writeArrayFieldStart("frames");
          for (long f : frames) {
            json.writeNumber(f);
          }
          json.writeEndArray();
          json.writeArrayFieldStart("names");
          for (String n : names) {
            json.writeString(n);
          }
          json.writeEndArray();
          json.writeArrayFieldStart("details");
          for (String d : details) {
            json.writeString(d);
          }
          json.writeEndArray();
        }
        json.writeEndObject();
      }
    }
  }
}
