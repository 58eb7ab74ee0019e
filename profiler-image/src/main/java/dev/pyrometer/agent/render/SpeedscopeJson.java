package dev.pyrometer.agent.render;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.FrameTable;
import dev.pyrometer.agent.profile.ThreadRoles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a call tree as a speedscope file (https://www.speedscope.app/file-format-schema.json):
 * one "sampled" profile per thread, each distinct stack one sample weighted by its self weight.
 *
 * <p>Why per thread: the flame graph page already shows every thread merged, and speedscope's
 * profile picker is the one view that gives each thread its own left-heavy and sandwich views (as
 * py-spy's speedscope output does). A profile is named by the process and thread levels above its
 * stacks; a tree without such levels gives one profile named after the file.
 *
 * <p>Threads of one role (same name but for numbers, {@link ThreadRoles}) share one profile, and
 * the groups each under {@link #SMALL_SHARE} of all samples share one "other threads" profile per
 * process: a thread-per-request server gives a few profiles, not one per request. The file opens
 * on the heaviest profile. CPU profiles are in milliseconds: each sample weighs one interval.
 */
public final class SpeedscopeJson {
  public static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";
  private static final JsonFactory JSON = new JsonFactory();
  /** Thread groups lighter than this share of all samples are folded into "other threads". */
  static final double SMALL_SHARE = 0.01;

  private SpeedscopeJson() {}

  /**
   * Writes the whole tree, process and thread levels included (not its display view).
   *
   * @param name the file's name in speedscope's title bar
   * @param unit samples are written with speedscope's unit "none", bytes as "bytes"
   */
  public static void write(CallTree tree, String name, WeightUnit unit, OutputStream out) throws IOException {
    write(tree, name, unit.speedscopeUnit(), 1, out);
  }

  /** Writes samples as time: each sample weighs one sampling interval, in milliseconds. */
  public static void writeTimed(CallTree tree, String name, double secondsPerSample, OutputStream out) throws IOException {
    write(tree, name, "milliseconds", secondsPerSample * 1000, out);
  }

  private static void write(CallTree tree, String name, String unit, double scale, OutputStream out) throws IOException {
    List<ProfileRoot> threads = new ArrayList<>();
    collectProfiles(tree, tree.root(), name, new ArrayList<>(), threads);
    List<ProfileRoot> profiles = grouped(threads, tree.total());
    if (profiles.isEmpty()) {
      profiles.add(new ProfileRoot(name, "", List.of(tree.root()), 0)); // speedscope needs at least one profile
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
        writeProfile(json, tree, profile, unit, scale, frames);
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

  /**
   * The nodes under which the stacks of one profile start, and what they weigh.
   *
   * @param group what the profile is grouped by: the process levels and the thread's role
   */
  private record ProfileRoot(String name, String group, List<CallTree.Node> contexts, long weight) {}

  /** One profile per thread role, the light ones of a process folded into one. */
  private static List<ProfileRoot> grouped(List<ProfileRoot> threads, long total) {
    Map<String, List<ProfileRoot>> byRole = new LinkedHashMap<>();
    for (ProfileRoot t : threads) {
      byRole.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
    }
    List<ProfileRoot> roles = new ArrayList<>();
    for (Map.Entry<String, List<ProfileRoot>> e : byRole.entrySet()) {
      List<ProfileRoot> members = e.getValue();
      int cut = e.getKey().indexOf('\n');
      String levels = cut < 0 ? "" : e.getKey().substring(0, cut);
      String label = ThreadRoles.groupLabel(e.getKey().substring(cut + 1), members.size());
      roles.add(members.size() == 1 ? members.get(0) : merge(levels.isEmpty() ? label : levels + " / " + label, e.getKey(), members));
    }
    // the light groups of one process (the same levels above the thread) share one profile, in
    // the place of the first of them, so that profiles keep the order of the processes
    Map<String, List<ProfileRoot>> light = new LinkedHashMap<>();
    for (ProfileRoot r : roles) {
      if (isLight(r, total)) {
        light.computeIfAbsent(levels(r), p -> new ArrayList<>()).add(r);
      }
    }
    List<ProfileRoot> out = new ArrayList<>();
    for (ProfileRoot r : roles) {
      List<ProfileRoot> members = isLight(r, total) ? light.get(levels(r)) : null;
      if (members == null || members.size() == 1) {
        out.add(r);
      } else if (members.get(0) == r) {
        int threadCount = members.stream().mapToInt(m -> m.contexts().size()).sum();
        String label = ThreadRoles.groupLabel(ThreadRoles.OTHER, threadCount);
        out.add(merge(levels(r).isEmpty() ? label : levels(r) + " / " + label, levels(r) + "\n" + ThreadRoles.OTHER, members));
      }
    }
    return out;
  }

  private static boolean isLight(ProfileRoot r, long total) {
    return r.weight() < SMALL_SHARE * total && r.group().contains("\n");
  }

  /** The process levels above a thread's profile. */
  private static String levels(ProfileRoot r) {
    return r.group().substring(0, r.group().indexOf('\n'));
  }

  private static ProfileRoot merge(String name, String group, List<ProfileRoot> members) {
    List<CallTree.Node> contexts = new ArrayList<>();
    long weight = 0;
    for (ProfileRoot m : members) {
      contexts.addAll(m.contexts());
      weight += m.weight();
    }
    return new ProfileRoot(name, group, contexts, weight);
  }

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
      String name = names.isEmpty() ? fileName : String.join(" / ", names);
      String role = node.frameId() >= 0 ? ThreadRoles.role(tree.frames().get(node.frameId())) : null;
      // a thread: grouped with the threads of its role under the same levels; anything else alone
      String group = role == null ? name : String.join(" / ", names.subList(0, names.size() - 1)) + "\n" + role;
      out.add(new ProfileRoot(name, group, List.of(node), weight));
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

  private static void writeProfile(JsonGenerator json, CallTree tree, ProfileRoot profile, String unit, double scale,
      FrameIndex frames) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", "sampled");
    json.writeStringField("name", profile.name());
    json.writeStringField("unit", unit);
    json.writeNumberField("startValue", 0);
    writeWeight(json, profile.weight(), scale);
    json.writeArrayFieldStart("samples");
    Weights weights = new Weights();
    for (CallTree.Node context : profile.contexts()) {
      if (context.self() > 0) {
        json.writeStartArray();
        json.writeEndArray();
        weights.add(context.self());
      }
      List<CallTree.Node> stacks = new ArrayList<>();
      for (CallTree.Node child : sorted(tree, context.children())) {
        if (!isContext(tree.frames(), child)) { // context children start profiles of their own
          stacks.add(child);
        }
      }
      writeSamples(json, tree, stacks, frames, weights);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("weights");
    for (int i = 0; i < weights.size; i++) {
      if (scale == 1) {
        json.writeNumber(weights.values[i]);
      } else {
        json.writeNumber(weights.values[i] * scale);
      }
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

  private static void writeWeight(JsonGenerator json, long weight, double scale) throws IOException {
    json.writeFieldName("endValue");
    if (scale == 1) {
      json.writeNumber(weight);
    } else {
      json.writeNumber(weight * scale);
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
