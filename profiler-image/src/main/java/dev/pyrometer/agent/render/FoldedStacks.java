package dev.pyrometer.agent.render;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.TreeView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The collapsed ("folded") stack format of Brendan Gregg's FlameGraph, which flamegraph.pl,
 * inferno, speedscope and async-profiler's converter all read.
 *
 * <pre>
 * main (app.py:10);handle (app.py:22);poll_[k] 42
 * </pre>
 *
 * One line per distinct stack, frames root first separated by {@code ;}, then a space and the
 * weight of the samples that ended there. Frames are {@link FrameKey#label()}s. Lines are written
 * depth first with siblings ordered by label, so the same tree always gives the same bytes.
 */
public final class FoldedStacks {
  private FoldedStacks() {}

  /** Writes every stack of the tree that has self weight, one line each. */
  public static void write(CallTree tree, Writer out) throws IOException {
    write(TreeView.of(tree), out);
  }

  /** Writes the stacks of a view of a tree (its hidden levels left out, the stacks below them merged). */
  public static void write(TreeView tree, Writer out) throws IOException {
    // depth first with explicit stacks: Python stacks can be thousands of frames deep
    StringBuilder path = new StringBuilder(256);
    Deque<Iterator<LabelledFrame>> levels = new ArrayDeque<>();
    Deque<Integer> pathLengths = new ArrayDeque<>();
    levels.push(LabelledFrame.root(tree).children().iterator());
    while (!levels.isEmpty()) {
      Iterator<LabelledFrame> siblings = levels.peek();
      if (!siblings.hasNext()) {
        levels.pop();
        if (!pathLengths.isEmpty()) {
          path.setLength(pathLengths.pop());
        }
        continue;
      }
      LabelledFrame frame = siblings.next();
      pathLengths.push(path.length());
      if (path.length() > 0) {
        path.append(';');
      }
      path.append(frame.label());
      if (frame.self() > 0) {
        out.append(path).append(' ').append(Long.toString(frame.self())).append('\n');
      }
      levels.push(frame.children().iterator());
    }
  }

  public static String toText(CallTree tree) {
    StringWriter out = new StringWriter();
    try {
      write(tree, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * Reads folded lines into a new tree. Blank lines are skipped; a line without a trailing
   * non-negative integer count, or with an empty stack, is counted as invalid and ignored, the way
   * flamegraph.pl does, so one bad line never loses the rest of a profile.
   */
  public static ParseResult parse(Reader in) throws IOException {
    CallTree tree = new CallTree();
    Map<String, Integer> frameIds = new HashMap<>();
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    int[] ids = new int[64];
    long valid = 0;
    long invalid = 0;
    long firstInvalid = 0;
    long lineNumber = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      long count = space > 0 ? parseCount(line, space + 1) : -1;
      if (count < 0) {
        invalid++;
        firstInvalid = firstInvalid == 0 ? lineNumber : firstInvalid;
        continue;
      }
      valid++;
      int depth = 0;
      for (int start = 0; start <= space; ) {
        int end = line.indexOf(';', start);
        if (end < 0 || end > space) {
          end = space;
        }
        String label = line.substring(start, end);
        if (depth == ids.length) {
          ids = Arrays.copyOf(ids, depth * 2);
        }
        ids[depth++] = frameIds.computeIfAbsent(label, l -> tree.frames().intern(FrameLabels.parse(l)));
        start = end + 1;
      }
      if (count > 0) {
        tree.add(ids, depth, count);
      }
    }
    return new ParseResult(tree, valid, invalid, firstInvalid);
  }

  public static ParseResult parse(String text) {
    try {
      return parse(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /** The count at the end of a line, or -1 when it is not a non-negative integer. */
  private static long parseCount(String line, int from) {
    if (from >= line.length() || line.length() - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * A parsed folded file.
   *
   * @param tree the stacks of the valid lines
   * @param validLines lines that were read into the tree
   * @param invalidLines lines that were ignored
   * @param firstInvalidLine 1-based number of the first ignored line, 0 when none
   */
  public record ParseResult(CallTree tree, long validLines, long invalidLines, long firstInvalidLine) {

    /** FlameGraph's one-line warning, or empty when every line was valid. */
    public Optional<String> warning() {
      return invalidLines == 0
          ? Optional.empty()
          : Optional.of("Ignored " + invalidLines + " lines with invalid format (first at line " + firstInvalidLine + ")");
    }
  }
}
