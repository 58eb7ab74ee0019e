package dev.pyrometer.agent.analysis;

import java.util.HashMap;
import java.util.Map;

/** Source lines held in memory, for hand-built stacks whose files do not exist. */
final class SourceText implements SourceLines {
  private final Map<String, String> lines = new HashMap<>();

  SourceText put(String file, int line, String text) {
    lines.put(file + ":" + line, text.strip());
    return this;
  }

  @Override
  public String line(int pid, String file, int line) {
    return lines.get(file + ":" + line);
  }
}
