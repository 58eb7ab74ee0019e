package dev.pyrometer.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code pyrometer dump} output parsed back into threads and frames, for assertions. */
public record DumpOutput(List<DumpedThread> threads) {
  private static final Pattern THREAD = Pattern.compile("^Thread (\\d+)(?: \\((.*)\\))? (.+)$");
  private static final Pattern FRAME = Pattern.compile("^    (.+) \\((.*):(\\d+)\\)$");

  /** A frame as dump prints it: {@code function (file:line)}. */
  public record Frame(String function, String file, int line) {
    public String fileName() {
      return file.substring(file.lastIndexOf('/') + 1);
    }
  }

  /** A thread: id, name (may be null), state text, frames innermost first. */
  public record DumpedThread(int tid, String name, String state, List<Frame> frames) {
    public boolean has(String function) {
      return frames.stream().anyMatch(f -> f.function().equals(function));
    }

    public Frame first(String function) {
      return frames.stream().filter(f -> f.function().equals(function)).findFirst()
          .orElseThrow(() -> new AssertionError("no frame " + function + " in " + this));
    }

    public long count(String function) {
      return frames.stream().filter(f -> f.function().equals(function)).count();
    }
  }

  public static DumpOutput parse(String text) {
    List<DumpedThread> threads = new ArrayList<>();
    DumpedThread current = null;
    for (String line : text.split("\n")) {
      Matcher t = THREAD.matcher(line);
      Matcher f = FRAME.matcher(line);
      if (t.matches()) {
        current = new DumpedThread(Integer.parseInt(t.group(1)), t.group(2), t.group(3), new ArrayList<>());
        threads.add(current);
      } else if (f.matches() && current != null) {
        current.frames().add(new Frame(f.group(1), f.group(2), Integer.parseInt(f.group(3))));
      }
    }
    return new DumpOutput(threads);
  }

  /** The one thread that runs {@code function}. */
  public DumpedThread threadRunning(String function) {
    List<DumpedThread> matching = threads.stream().filter(t -> t.has(function)).toList();
    if (matching.size() != 1) {
      throw new AssertionError(matching.size() + " threads run " + function + " in " + threads);
    }
    return matching.get(0);
  }
}
