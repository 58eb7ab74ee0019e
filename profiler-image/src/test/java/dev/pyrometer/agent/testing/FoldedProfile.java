package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@code profile.folded} read back as stacks with counts, for assertions about shares. */
public record FoldedProfile(List<Stack> stacks) {
  /** One line: frames root first, and its count. */
  public record Stack(List<String> frames, long count) {
    public String leaf() {
      return frames.get(frames.size() - 1);
    }

    public boolean contains(String framePrefix) {
      return frames.stream().anyMatch(f -> f.startsWith(framePrefix));
    }
  }

  public static FoldedProfile read(Path file) throws IOException {
    List<Stack> stacks = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.lastIndexOf(' ');
      if (space > 0) {
        stacks.add(new Stack(List.of(line.substring(0, space).split(";")), Long.parseLong(line.substring(space + 1))));
      }
    }
    return new FoldedProfile(stacks);
  }

  public long total() {
    return stacks.stream().mapToLong(Stack::count).sum();
  }

  public long count(Predicate<Stack> which) {
    return stacks.stream().filter(which).mapToLong(Stack::count).sum();
  }

  /** Samples whose stack has a frame starting with {@code framePrefix}, e.g. {@code "hot ("}. */
  public long through(String framePrefix) {
    return count(s -> s.contains(framePrefix));
  }

  public List<Stack> matching(Predicate<Stack> which) {
    return stacks.stream().filter(which).toList();
  }
}
