package dev.pyrometer.agent.analysis;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import dev.pyrometer.agent.profile.FrameKind;
import dev.pyrometer.agent.profile.RecordedProfile;
import dev.pyrometer.agent.sample.SampleMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded profile kept as text, with every source line the analysis read while it was recorded,
 * so the analysis of a real recording can be replayed after its processes are gone. One line per
 * record, fields separated by a unit separator (U+001F), frames of a stack by a tab.
 */
final class RecordedProfileFile {
  private static final String FIELD = "\u001f";

  private RecordedProfileFile() {}

  /** A profile and the source lines its analysis reads (a line that could not be read is absent). */
  record Replay(RecordedProfile profile, SourceLines sources) {}

  /** Wraps a source of lines and remembers every answer, for {@link #write}. */
  static final class RememberingSourceLines implements SourceLines {
    private final SourceLines delegate;
    final Map<String, String> seen = new HashMap<>();

    RememberingSourceLines(SourceLines delegate) {
      this.delegate = delegate;
    }

    @Override
    public String line(int pid, String file, int line) {
      String text = delegate.line(pid, file, line);
      if (text != null) {
        seen.put(key(pid, file, line), text);
      }
      return text;
    }
  }

  static void write(RecordedProfile profile, Map<String, String> sources, Path file) throws IOException {
    List<String> out = new ArrayList<>();
    out.add("mode" + FIELD + profile.mode().name() + FIELD + profile.rateHz() + FIELD + profile.elapsed().toMillis());
    sources.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add("source" + FIELD + e.getKey() + FIELD + e.getValue()));
    profile.tree().forEachStack((stack, weight) -> {
      StringBuilder line = new StringBuilder("stack" + FIELD + weight);
      for (FrameKey f : stack) {
        line.append('\t').append(String.join(FIELD, f.kind().name(), f.name(), f.file() == null ? "" : f.file(),
            Integer.toString(f.line()), Integer.toString(f.firstLine())));
      }
      out.add(line.toString());
    });
    Files.write(file, out, StandardCharsets.UTF_8);
  }

  static Replay read(Path file) throws IOException {
    CallTree tree = new CallTree();
    Map<String, String> sources = new HashMap<>();
    SampleMode mode = null;
    int rate = 0;
    Duration elapsed = Duration.ZERO;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t");
      String[] head = parts[0].split(FIELD, -1);
      switch (head[0]) {
        case "mode" -> {
          mode = SampleMode.valueOf(head[1]);
          rate = Integer.parseInt(head[2]);
          elapsed = Duration.ofMillis(Long.parseLong(head[3]));
        }
        case "source" -> sources.put(head[1] + FIELD + head[2] + FIELD + head[3], head[4]);
        case "stack" -> {
          List<FrameKey> stack = new ArrayList<>();
          for (int i = 1; i < parts.length; i++) {
            String[] f = parts[i].split(FIELD, -1);
            stack.add(new FrameKey(FrameKind.valueOf(f[0]), f[1], f[2].isEmpty() ? null : f[2], Integer.parseInt(f[3]),
                Integer.parseInt(f[4])));
          }
          tree.add(stack, Long.parseLong(head[1]));
        }
        default -> throw new IOException(file + ": unknown record " + head[0]);
      }
    }
    SourceLines lines = (pid, f, l) -> sources.get(key(pid, f, l));
    return new Replay(new RecordedProfile(mode, rate, elapsed, tree, List.of()), lines);
  }

  private static String key(int pid, String file, int line) {
    return pid + FIELD + file + FIELD + line;
  }
}
