package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every artifact of a session into one directory, through the console: {@code DIR/<name>} when the
 * session profiled one pod, {@code DIR/<pod>/<name>} when it profiled several. Each file's SHA-256
 * is checked against the one the operator verified in storage.
 */
public final class ArtifactDownloader {
  private final ConsoleClient console;

  public ArtifactDownloader(ConsoleClient console) {
    this.console = console;
  }

  public record Downloaded(String pod, String name, Path file, long bytes) {}

  public List<Downloaded> downloadAll(String namespace, String session, Path dir) {
    List<JsonNode> items = new ArrayList<>();
    console.artifacts(namespace, session).path("items").forEach(items::add);
    if (items.isEmpty()) {
      throw PluginException.download("the console lists no artifacts for " + namespace + "/" + session);
    }
    Set<String> pods = new LinkedHashSet<>();
    items.forEach(i -> pods.add(i.path("pod").asText()));
    List<Downloaded> done = new ArrayList<>();
    for (JsonNode item : items) {
      String pod = safeSegment(item.path("pod").asText(), "pod");
      String name = safeSegment(item.path("name").asText(), "artifact name");
      String path = item.hasNonNull("path") ? item.get("path").asText() : pod + "/" + name;
      Path file = pods.size() == 1 ? dir.resolve(name) : dir.resolve(pod).resolve(name);
      String sha256 = console.download(namespace, session, path, file);
      String expected = item.path("sha256").asText("");
      if (!expected.isEmpty() && !expected.equalsIgnoreCase(sha256)) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
          // the message below says what happened; a leftover file would only mislead
        }
        throw PluginException.download(path + " arrived with SHA-256 " + sha256 + ", but storage holds " + expected);
      }
      done.add(new Downloaded(pod, name, file, sizeOf(file)));
    }
    return done;
  }

  /** A name from the server becomes a file name: never a path that leaves the directory. */
  private static String safeSegment(String segment, String what) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("/") || segment.contains("\\")) {
      throw PluginException.download("the console listed an artifact with an unusable " + what + ": \"" + segment + "\"");
    }
    return segment;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
