package dev.pyrometer.kubectl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a file the way the desktop does: {@code open} on macOS, {@code xdg-open} elsewhere. */
public final class Browser {
  private Browser() {}

  /** Starts the opener and returns; without one, says where the file is. Never fails the command. */
  public static void open(Path file, PrintWriter out) {
    String opener = System.getProperty("os.name", "").toLowerCase().contains("mac") ? "open" : "xdg-open";
    if (!onPath(opener)) {
      out.printf("cannot open it here (no %s): open %s in a browser%n", opener, file.toUri());
      return;
    }
    try {
      new ProcessBuilder(opener, file.toAbsolutePath().toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      out.printf("opening %s%n", file);
    } catch (IOException e) {
      out.printf("cannot start %s (%s): open %s in a browser%n", opener, e.getMessage(), file.toUri());
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(":")).stream().anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
  }
}
