package dev.pyrometer.agent.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads source lines of a target process through {@code /proc/PID/root/<file>}, which names the
 * file as the process sees it even from another container's mount namespace. Files are read once
 * and kept; the number and size of files are capped so a report never reads a whole disk.
 */
final class ProcessSourceLines implements SourceLines {
  private static final int MAX_FILES = 256;
  private static final long MAX_FILE_BYTES = 4L << 20;

  private final Map<String, List<String>> files = new HashMap<>();

  @Override
  public String line(int pid, String file, int line) {
    if (file == null || !file.startsWith("/") || line <= 0) {
      return null;
    }
    String key = pid + ":" + file;
    List<String> lines = files.get(key);
    if (lines == null && !files.containsKey(key)) {
      lines = files.size() < MAX_FILES ? read(pid > 0 ? Path.of("/proc", Integer.toString(pid), "root", file) : Path.of(file)) : null;
      files.put(key, lines);
    }
    return lines == null || line > lines.size() ? null : lines.get(line - 1).strip();
  }

  private static List<String> read(Path path) {
    // co_filename is whatever the code says: never open a FIFO or device that could block.
    if (!Files.isRegularFile(path)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        return null;
      }
      // Python source is UTF-8 unless declared otherwise; a wrong guess only garbles the display.
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
