package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.TreeView;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a call tree as an interactive, self-contained flame graph page (canvas, tooltips, zoom,
 * regex search, colours by where the code comes from), streaming the frames into the slots of the
 * {@code flamegraph.html} template. Frames narrower than {@link Options#minWidth()} of the total
 * are left out with everything above them, which keeps large profiles small and fast to draw.
 */
public final class FlameGraphHtml {
  /** Default pruning: frames under 0.01% of the total are too narrow to see until zoomed 100 times. */
  public static final double DEFAULT_MIN_WIDTH = 0.0001;

  private static final MarkedTemplate TEMPLATE = MarkedTemplate.load(FlameGraphHtml.class, "flamegraph.html");
  private static final String ROOT_LABEL = "all";

  private FlameGraphHtml() {}

  /**
   * What to write around the frames.
   *
   * @param title page title and heading
   * @param unit what the weights count; bytes are shown as KiB/MiB/GiB
   * @param subtitle one line under the title, may be empty
   * @param highlightPath frames root first (without the "all" root) to outline, e.g. the hottest
   *     path a guided analysis found; the part of it present in the tree is outlined
   * @param minWidth fraction of the total under which a frame is not written
   * @param lines whether the page opens with one box per source line; by default it merges the
   *     frames of one function and lists their lines in the tooltip (the page can switch)
   * @param categorizer the colour of each frame and the legend; by default where the code comes from
   */
  public record Options(String title, WeightUnit unit, String subtitle, List<FrameKey> highlightPath, double minWidth,
      boolean lines, FrameCategorizer categorizer) {
    public Options {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(unit, "unit");
      subtitle = subtitle == null ? "" : subtitle;
      highlightPath = highlightPath == null ? List.of() : List.copyOf(highlightPath);
      if (!(minWidth >= 0 && minWidth < 1)) {
        throw new IllegalArgumentException("minWidth must be a fraction in [0, 1), got " + minWidth);
      }
      categorizer = categorizer == null ? FrameCategorizer.BY_CODE : categorizer;
    }

    public Options(String title, WeightUnit unit, String subtitle, List<FrameKey> highlightPath, double minWidth) {
      this(title, unit, subtitle, highlightPath, minWidth, false, FrameCategorizer.BY_CODE);
    }

    public Options(String title, WeightUnit unit, String subtitle, List<FrameKey> highlightPath) {
      this(title, unit, subtitle, highlightPath, DEFAULT_MIN_WIDTH);
    }

    public static Options of(String title, WeightUnit unit) {
      return new Options(title, unit, "", List.of());
    }

    public Options withSubtitle(String text) {
      return new Options(title, unit, text, highlightPath, minWidth, lines, categorizer);
    }

    public Options withHighlightPath(List<FrameKey> path) {
      return new Options(title, unit, subtitle, path, minWidth, lines, categorizer);
    }

    public Options withMinWidth(double fraction) {
      return new Options(title, unit, subtitle, highlightPath, fraction, lines, categorizer);
    }

    /** One box per source line ({@code record --lines}) instead of one per function. */
    public Options withLines(boolean perLine) {
      return new Options(title, unit, subtitle, highlightPath, minWidth, perLine, categorizer);
    }

    /** Colours (and a legend) of the caller's choosing, e.g. a memory graph's "held by". */
    public Options withCategorizer(FrameCategorizer colours) {
      return new Options(title, unit, subtitle, highlightPath, minWidth, lines, colours);
    }
  }

  /**
   * What was written.
   *
   * @param frames frames in the page, the root included
   * @param hiddenSubtrees frames left out as too narrow (each with everything above it)
   * @param highlightedFrames how many frames of the highlight path were found
   */
  public record Result(int frames, int hiddenSubtrees, int highlightedFrames) {}

  /** Writes the page for exactly this tree; renderers normally pass {@link CallTree#displayView()}. */
  public static Result write(CallTree tree, Options options, Writer out) throws IOException {
    return write(TreeView.of(tree), options, out);
  }

  /** Writes the page for a view of a tree; renderers normally pass {@link TreeView#display(CallTree)}. */
  public static Result write(TreeView tree, Options options, Writer out) throws IOException {
    FrameWriter frames = new FrameWriter(tree, options);
    TEMPLATE.fill(out)
        .slot("title", w -> ScriptJson.writeString(w, options.title()))
        .slot("subtitle", w -> ScriptJson.writeString(w, options.subtitle()))
        .slot("unit", w -> ScriptJson.writeString(w, options.unit().id()))
        .slot("minwidth", w -> w.write(Double.toString(options.minWidth())))
        .slot("lines", w -> w.write(Boolean.toString(options.lines())))
        .slot("categories", FlameGraphHtml::writeCategories)
        .slot("legend", w -> writeLegend(w, options.categorizer().legend()))
        .slot("frames", frames::writeFrames)
        .slot("highlight", frames::writeHighlight)
        .slot("names", frames::writeNames)
        .slot("details", frames::writeDetails)
        .slot("diff", w -> w.write("null"))
        .finish();
    return new Result(frames.count, frames.hidden, frames.highlighted.size());
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

  /** The legend's heading and its [category, label] pairs, or null for the page's own legend. */
  private static void writeLegend(Writer out, FrameCategorizer.Legend legend) throws IOException {
    if (legend == null) {
      out.write("null");
      return;
    }
    try (JsonGenerator json = ScriptJson.generator(out)) {
      json.writeStartObject();
      json.writeStringField("heading", legend.heading());
      json.writeArrayFieldStart("entries");
      for (Map.Entry<FrameCategory, String> entry : legend.labels().entrySet()) {
        json.writeStartArray();
        json.writeString(entry.getKey().id());
        json.writeString(entry.getValue());
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** Walks the tree depth first and writes five integers per frame; collects names on the way. */
  private static final class FrameWriter {
    private final TreeView tree;
    private final List<FrameKey> highlightPath;
    private final FrameCategorizer categorizer;
    /** The keys of the frame being written and its ancestors, root first: what the categorizer reads. */
    private final List<FrameKey> path = new ArrayList<>();
    private final long minTotal;
    private final Map<String, Integer> nameIds = new HashMap<>();
    private final List<String> details = new ArrayList<>();
    private final List<Integer> highlighted = new ArrayList<>();
    private final StringBuilder line = new StringBuilder(48);
    private int count;
    private int hidden;

    FrameWriter(TreeView tree, Options options) {
      this.tree = tree;
      this.highlightPath = options.highlightPath();
      this.categorizer = options.categorizer();
      this.minTotal = (long) Math.ceil(options.minWidth() * tree.total());
    }

    void writeFrames(Writer out) throws IOException {
      out.write("[\n");
      LabelledFrame root = LabelledFrame.root(tree);
      writeFrame(out, 0, 0, root.total(), nameId(ROOT_LABEL, ""), FrameCategory.CONTEXT);
      writeChildren(out, root);
      out.write("]");
    }

    /** Depth first with an explicit stack of levels: Python stacks can be thousands of frames deep. */
    private void writeChildren(Writer out, LabelledFrame root) throws IOException {
      Deque<Level> levels = new ArrayDeque<>();
      levels.push(new Level(root.children().iterator(), 1, true));
      while (!levels.isEmpty()) {
        Level level = levels.peek();
        if (!level.children.hasNext()) {
          levels.pop();
          continue;
        }
        LabelledFrame child = level.children.next();
        long offset = level.offset;
        level.offset += child.total(); // hidden frames keep their room, so their siblings keep their place
        if (child.total() < minTotal || child.total() == 0) {
          hidden++;
          continue;
        }
        int depth = level.depth;
        boolean onPath = level.onPath && depth <= highlightPath.size() && child.hasKey(highlightPath.get(depth - 1));
        if (onPath) {
          highlighted.add(count);
        }
        FrameKey key = child.key();
        String detail = key.longLabel().equals(child.label()) ? "" : key.longLabel();
        path.subList(depth - 1, path.size()).clear(); // pre-order: the frames before it at lower depths are its ancestors
        path.add(key);
        writeFrame(out, depth, offset, child.total(), nameId(child.label(), detail), categorizer.categorize(path));
        levels.push(new Level(child.children().iterator(), depth + 1, onPath));
      }
    }

    /** Children of one written frame still to visit, and the x offset of the next one. */
    private static final class Level {
      final Iterator<LabelledFrame> children;
      final int depth;
      final boolean onPath;
      long offset;

      Level(Iterator<LabelledFrame> children, int depth, boolean onPath) {
        this.children = children;
        this.depth = depth;
        this.onPath = onPath;
      }
    }

    private void writeFrame(Writer out, int depth, long dx, long width, int name, FrameCategory category)
        throws IOException {
      line.setLength(0);
      line.append(depth).append(',').append(dx).append(',').append(width).append(',').append(name).append(',')
          .append(category.ordinal()).append(",\n");
      out.append(line);
      count++;
    }

    private int nameId(String label, String detail) {
      Integer id = nameIds.get(label);
      if (id == null) {
        id = details.size();
        nameIds.put(label, id);
        details.add(detail);
      }
      return id;
    }

    void writeHighlight(Writer out) throws IOException {
      try (JsonGenerator json = ScriptJson.generator(out)) {
        json.writeStartArray();
        for (int index : highlighted) {
          json.writeNumber(index);
        }
        json.writeEndArray();
      }
    }

    void writeNames(Writer out) throws IOException {
      String[] byId = new String[details.size()];
      nameIds.forEach((label, id) -> byId[id] = label);
      writeStrings(out, List.of(byId));
    }

    void writeDetails(Writer out) throws IOException {
      writeStrings(out, details);
    }

    private static void writeStrings(Writer out, List<String> values) throws IOException {
      try (JsonGenerator json = ScriptJson.generator(out)) {
        json.writeStartArray();
        for (String value : values) {
          json.writeString(value);
          json.writeRaw('\n');
        }
        json.writeEndArray();
      }
    }
  }
}
