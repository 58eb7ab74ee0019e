package dev.pyrometer.operator.console;

/**
 * The Content-Type each artifact is served with, by its name: pages and JSON open in the browser
 * (speedscope fetches speedscope.json as JSON), binary data is downloaded.
 */
public final class ArtifactKinds {
  private ArtifactKinds() {}

  public static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".json")) {
      return "application/json";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (name.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
  }

  /** Binary and raw data (.pb.gz, .folded, ...) are saved, not shown. */
  public static boolean download(String name) {
    return contentType(name).equals("application/octet-stream");
  }
}
