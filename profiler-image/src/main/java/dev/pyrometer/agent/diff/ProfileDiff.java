package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.profile.FrameKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What changed between two profiles of the same kind, ranked: the stacks, functions and causes
 * (samples), or the reference paths and path segments (bytes), whose share grew or shrank the most,
 * and one sentence for the largest change. Shares are of each profile's own total, so a longer
 * recording or a busier process does not look like a change.
 *
 * @param bytes true for heap profiles (weights in bytes), false for samples
 * @param baseTotal BASE's total weight
 * @param newTotal NEW's total weight
 * @param paths stacks (samples) or reference paths (bytes), largest change first
 * @param functions functions (samples) or path segments (bytes), largest change first
 * @param causes causes (samples only; empty for bytes), largest change first
 * @param headline the sentence about the largest change, e.g. "handle_by_script waits 35 points
 *     more in subprocess.run than BASE"
 * @param headlineChange the change the headline is about, null when nothing changed
 */
public record ProfileDiff(boolean bytes, long baseTotal, long newTotal, List<Change> paths, List<Change> functions,
    List<Change> causes, String headline, Change headlineChange) {

  /** How many entries each ranking keeps in each direction. */
  public static final int KEEP = 15;

  public static ProfileDiff of(DiffTree tree, boolean bytes, String baseName) {
    return bytes ? ofBytes(tree, baseName) : ofSamples(tree, baseName);
  }

  private static ProfileDiff ofSamples(DiffTree tree, String baseName) {
    long bt = tree.baseTotal();
    long nt = tree.newTotal();
    Map<String, long[]> functions = new HashMap<>();
    List<Change> stacks = new ArrayList<>();
    List<List<FrameKey>> stackFrames = new ArrayList<>();
    tree.forEachStack((path, leaf) -> {
      List<FrameKey> frames = new ArrayList<>(path.size());
      StringBuilder name = new StringBuilder();
      Set<String> seen = new HashSet<>();
      for (DiffTree.Node node : path) {
        frames.add(node.key());
        name.append(name.length() > 0 ? ";" : "").append(node.label());
        // a recursive function counts once per stack, as inclusive time does
        if (seen.add(Cause.functionName(node.key()))) {
          long[] w = functions.computeIfAbsent(Cause.functionName(node.key()), k -> new long[2]);
          w[0] += leaf.baseSelf();
          w[1] += leaf.newSelf();
        }
      }
      stacks.add(Change.of(name.toString(), leaf.baseSelf(), leaf.newSelf(), bt, nt));
      stackFrames.add(frames);
    });
    List<Change> functionChanges = new ArrayList<>();
    Map<String, Double> functionPoints = new HashMap<>();
    functions.forEach((name, w) -> {
      Change c = Change.of(name, w[0], w[1], bt, nt);
      functionChanges.add(c);
      functionPoints.put(name, c.points());
    });
    Map<String, long[]> causes = new LinkedHashMap<>();
    Map<String, Cause> causeOf = new HashMap<>();
    for (int i = 0; i < stacks.size(); i++) {
      Cause cause = Cause.of(stackFrames.get(i), stacks.get(i).points(), functionPoints);
      long[] w = causes.computeIfAbsent(cause.text(), k -> new long[2]);
      causeOf.put(cause.text(), cause);
      w[0] += stacks.get(i).base();
      w[1] += stacks.get(i).news();
    }
    List<Change> causeChanges = new ArrayList<>();
    causes.forEach((text, w) -> causeChanges.add(Change.of(text, w[0], w[1], bt, nt)));
    List<Change> rankedCauses = rank(causeChanges, Change::points);
    Change top = rankedCauses.isEmpty() || Math.abs(rankedCauses.get(0).points()) < 0.05 ? null : rankedCauses.get(0);
    String headline = top == null ? "No change in where the samples go between BASE and NEW."
        : sentence(causeOf.get(top.name()), top, baseName);
    return new ProfileDiff(false, bt, nt, rank(stacks, Change::points), rank(functionChanges, Change::points),
        rankedCauses, headline, top);
  }

  /** "handle_by_script waits 35 points more in subprocess.run than BASE (20% → 55% of samples)". */
  static String sentence(Cause cause, Change change, String baseName) {
    double points = change.points();
    return String.format(Locale.ROOT, "%s %s %.0f points %s%s than %s (%.0f%% → %.0f%% of samples)", cause.subject(), cause.verb(),
        Math.abs(points), points >= 0 ? "more" : "less", cause.call() == null ? "" : " in " + cause.call(), baseName,
        100 * change.baseShare(), 100 * change.newShare());
  }

  /**
   * Heap: every reference path (a node of the tree, with everything it holds) ranked by bytes
   * gained or lost; the headline names the deepest path that carries most of the largest change,
   * so a growing dict is named rather than the module or {@code sys.modules} above it.
   */
  private static ProfileDiff ofBytes(DiffTree tree, String baseName) {
    long bt = tree.baseTotal();
    long nt = tree.newTotal();
    List<Change> paths = new ArrayList<>();
    Map<String, long[]> segments = new HashMap<>();
    List<DiffTree.Node> pending = new ArrayList<>(tree.root().children());
    Map<DiffTree.Node, String> names = new HashMap<>();
    while (!pending.isEmpty()) {
      DiffTree.Node node = pending.remove(pending.size() - 1);
      String parentName = names.get(node.parent());
      String name = parentName == null ? node.label() : parentName + ";" + node.label();
      names.put(node, name);
      paths.add(Change.of(name, node.base(), node.news(), bt, nt));
      long[] w = segments.computeIfAbsent(node.label(), k -> new long[2]);
      w[0] += node.base();
      w[1] += node.news();
      pending.addAll(node.children());
    }
    List<Change> segmentChanges = new ArrayList<>();
    segments.forEach((label, w) -> segmentChanges.add(Change.of(label, w[0], w[1], bt, nt)));
    DiffTree.Node carrier = carrierOfLargestChange(tree);
    Change top = carrier == null ? null : Change.of(names.get(carrier), carrier.base(), carrier.news(), bt, nt);
    String headline = top == null ? "No change in what holds the memory between BASE and NEW."
        : String.format(Locale.ROOT, "%s holds %s %s than %s (%s → %s, %.0f%% → %.0f%% of memory)", top.name(),
            Sizes.bytes(Math.abs(top.delta())), top.delta() >= 0 ? "more" : "less", baseName, Sizes.bytes(top.base()),
            Sizes.bytes(top.news()), 100 * top.baseShare(), 100 * top.newShare());
    return new ProfileDiff(true, bt, nt, rank(paths, c -> c.delta()), rank(segmentChanges, c -> c.delta()), List.of(),
        headline, top);
  }

  /**
   * From the root down, follow the child with the largest change in the direction of the largest
   * top-level change, as long as it carries at least 80% of its parent's change and is not the
   * contents of a container.
   */
  private static DiffTree.Node carrierOfLargestChange(DiffTree tree) {
    DiffTree.Node node = tree.root();
    long change = node.news() - node.base();
    DiffTree.Node best = null;
    for (DiffTree.Node child : node.children()) {
      if (best == null || Math.abs(child.news() - child.base()) > Math.abs(best.news() - best.base())) {
        best = child;
      }
    }
    if (best == null || best.news() == best.base()) {
      return null;
    }
    node = best;
    change = node.news() - node.base();
    while (true) {
      DiffTree.Node next = null;
      for (DiffTree.Node child : node.children()) {
        long c = child.news() - child.base();
        if (!isContents(child) && Math.signum(c) == Math.signum(change) && Math.abs(c) >= 0.8 * Math.abs(change)
            && (next == null || Math.abs(c) > Math.abs(next.news() - next.base()))) {
          next = child;
        }
      }
      if (next == null) {
        return node;
      }
      node = next;
    }
  }

  /**
   * A container's contents ({@code [*values] (str)}, {@code [3] (list)}, not a named key {@code ['users']}) or the small objects merged under a path: their
   * growth is the container's, which is what a user can find in the code.
   */
  private static boolean isContents(DiffTree.Node node) {
    String label = node.label();
    return label.startsWith("[*") || label.matches("\\[\\d+\\].*") || label.startsWith("(");
  }

  /** The largest growths and the largest shrinks, by size of the change; ties keep growth first. */
  private static List<Change> rank(List<Change> changes, ToDoubleFunction<Change> by) {
    List<Change> sorted = new ArrayList<>(changes);
    sorted.removeIf(c -> by.applyAsDouble(c) == 0);
    sorted.sort(Comparator.<Change>comparingDouble(c -> -Math.abs(by.applyAsDouble(c)))
        .thenComparing(c -> -Math.signum(by.applyAsDouble(c)))
        .thenComparing(Change::name));
    List<Change> grew = sorted.stream().filter(c -> by.applyAsDouble(c) > 0).limit(KEEP).toList();
    List<Change> shrank = sorted.stream().filter(c -> by.applyAsDouble(c) < 0).limit(KEEP).toList();
    List<Change> kept = new ArrayList<>(grew);
    kept.addAll(shrank);
    kept.sort(Comparator.<Change>comparingDouble(c -> -Math.abs(by.applyAsDouble(c)))
        .thenComparing(c -> -Math.signum(by.applyAsDouble(c)))
        .thenComparing(Change::name));
    return List.copyOf(kept);
  }
}
