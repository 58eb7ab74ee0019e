package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.FrameTable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a call tree as a speedscope file (https://www.speedscope.app/file-format-schema.json):
 * one "sampled" profile per thread, each distinct stack one sample weighted by its self weight.
 *
 * <p>Why per thread: the flame graph page already shows every thread merged, and speedscope's
 * profile picker is the one view that gives each thread its own left-heavy and sandwich views (as
 * py-spy's speedscope output does). A profile is named by the process and thread levels above its
 * stacks; a tree without such levels gives one profile named after the file.
 */
public final class SpeedscopeJson {
  public static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";
  private static final JsonFactory JSON = new JsonFactory();

  private SpeedscopeJson() {}

  /**
   * Writes the whole tree, process and thread levels included (not its display view).
   *
   * @param name the file's name in speedscope's title bar
   * @param unit samples are written with speedscope's unit "none", bytes as "bytes"
   */
  public static void write(CallTree tree, String name, WeightUnit unit, OutputStream out) throws IOException {
    List<ProfileRoot> profiles = new ArrayList<>();
    collectProfiles(tree, tree.root(), name, new ArrayList<>(), profiles);
    if (profiles.isEmpty()) {
      profiles.add(new ProfileRoot(name, tree.root(), 0)); // speedscope needs at least one profile
    }
    FrameIndex frames = new FrameIndex(tree.frames());
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeStringField("$schema", SCHEMA);
      json.writeStringField("exporter", "pyrometer");
      json.writeStringField("name", name);
      json.writeNumberField("activeProfileIndex", heaviest(profiles));
      json.writeArrayFieldStart("profiles");
      for (ProfileRoot profile : profiles) {
        writeProfile(json, tree, profile, unit, frames);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("shared");
      json.writeArrayFieldStart("frames");
      for (FrameKey frame : frames.inOrder) {
        writeFrame(json, frame);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  /** A node under which the stacks of one profile start, and what they weigh. */
  private record ProfileRoot(String name, CallTree.Node context, long weight) {}

  private static boolean isContext(FrameTable frames, CallTree.Node node) {
    FrameKind kind = frames.get(node.frameId()).kind();
    return kind == FrameKind.PROCESS || kind == FrameKind.THREAD;
  }

  /** Descends through the leading process and thread levels; each level with stacks of its own is a profile. */
  private static void collectProfiles(
      CallTree tree, CallTree.Node node, String fileName, List<String> names, List<ProfileRoot> out) {
    long weight = node.self();
    List<CallTree.Node> contexts = new ArrayList<>();
    for (CallTree.Node child : sorted(tree, node.children())) {
      if (isContext(tree.frames(), child)) {
        contexts.add(child);
      } else {
        weight += child.total();
      }
    }
    if (weight > 0) {
      out.add(new ProfileRoot(names.isEmpty() ? fileName : String.join(" / ", names), node, weight));
    }
    for (CallTree.Node child : contexts) {
      names.add(tree.frames().get(child.frameId()).label());
      collectProfiles(tree, child, fileName, names, out);
      names.remove(names.size() - 1);
    }
  }

  private static int heaviest(List<ProfileRoot> profiles) {
    int best = 0;
    for (int i = 1; i < profiles.size(); i++) {
      if (profiles.get(i).weight() > profiles.get(best).weight()) {
        best = i;
      }
    }
    return best;
  }

  private static void writeProfile(JsonGenerator json, CallTree tree, ProfileRoot profile, WeightUnit unit, FrameIndex frames)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "sampled");
    json.writeStringField("name", profile.name());
    json.writeStringField("unit", unit.speedscopeUnit());
    json.writeNumberField("startValue", 0);
    json.writeNumberField("endValue", profile.weight());
    json.writeArrayFieldStart("samples");
    Weights weights = new Weights();
    if (profile.context().self() > 0) {
      json.writeStartArray();
      json.writeEndArray();
      weights.add(profile.context().self());
    }
    List<CallTree.Node> stacks = new ArrayList<>();
    for (CallTree.Node child : sorted(tree, profile.context().children())) {
      if (!isContext(tree.frames(), child)) { // context children start profiles of their own
        stacks.add(child);
      }
    }
    writeSamples(json, tree, stacks, frames, weights);
    json.writeEndArray();
    json.writeArrayFieldStart("weights");
    for (int i = 0; i < weights.size; i++) {
      json.writeNumber(weights.values[i]);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * Writes one sample per node with self weight, depth first from the given nodes, with an explicit
   * stack of levels: Python stacks can be thousands of frames deep.
   */
  private static void writeSamples(JsonGenerator json, CallTree tree, List<CallTree.Node> tops, FrameIndex frames,
      Weights weights) throws IOException {
    Deque<Iterator<CallTree.Node>> levels = new ArrayDeque<>();
    int[] stack = new int[64];
    levels.push(tops.iterator());
    while (!levels.isEmpty()) {
      Iterator<CallTree.Node> siblings = levels.peek();
      if (!siblings.hasNext()) {
        levels.pop();
        continue;
      }
      CallTree.Node node = siblings.next();
      int depth = levels.size() - 1;
      if (depth == stack.length) {
        stack = Arrays.copyOf(stack, depth * 2);
      }
      stack[depth] = frames.indexOf(node.frameId());
      if (node.self() > 0) {
        json.writeArray(stack, 0, depth + 1);
        weights.add(node.self());
      }
      levels.push(sorted(tree, node.children()).iterator());
    }
  }

  private static void writeFrame(JsonGenerator json, FrameKey frame) throws IOException {
    json.writeStartObject();
    if (frame.kind() == FrameKind.PYTHON) {
      json.writeStringField("name", frame.name());
      if (frame.file() != null) {
        json.writeStringField("file", frame.file());
      }
      if (frame.line() > 0) {
        json.writeNumberField("line", frame.line());
      }
    } else {
      json.writeStringField("name", frame.label());
    }
    json.writeEndObject();
  }

  /** Children in label order (then full label), so the same tree always gives the same file. */
  private static List<CallTree.Node> sorted(CallTree tree, Collection<CallTree.Node> nodes) {
    List<CallTree.Node> list = new ArrayList<>(nodes);
    FrameTable frames = tree.frames();
    list.sort(Comparator.comparing((CallTree.Node n) -> frames.get(n.frameId()).label())
        .thenComparing(n -> frames.get(n.frameId()).longLabel()));
    return list;
  }

  /** Speedscope frame indexes, given in order of first use. */
  private static final class FrameIndex {
    private final FrameTable table;
    private final int[] byFrameId;
    private final List<FrameKey> inOrder = new ArrayList<>();

    FrameIndex(FrameTable table) {
      this.table = table;
      this.byFrameId = new int[table.size()];
      Arrays.fill(byFrameId, -1);
    }

    int indexOf(int frameId) {
      if (byFrameId[frameId] < 0) {
        byFrameId[frameId] = inOrder.size();
        inOrder.add(table.get(frameId));
      }
      return byFrameId[frameId];
    }
  }

  /** A growable list of weights, written after the samples of a profile. */
  private static final class Weights {
    private long[] values = new long[64];
    private int size;

    void add(long weight) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = weight;
    }
  }
}
