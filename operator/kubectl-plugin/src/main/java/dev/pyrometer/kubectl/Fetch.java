package dev.pyrometer.kubectl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** What record and open share once a session has succeeded: download, diagnose, open. */
final class Fetch {
  private Fetch() {}

  static Path defaultDirectory(String session) {
    return Path.of("pyrometer-" + session);
  }

  /** Downloads every artifact into dir, prints the diagnosis and where the report is; returns report.html. */
  static Path downloadAndDiagnose(ConsoleClient console, SessionView session, Path dir, PrintWriter out) {
    List<ArtifactDownloader.Downloaded> files = new ArtifactDownloader(console).downloadAll(session.namespace(), session.name(), dir);
    long bytes = files.stream().mapToLong(ArtifactDownloader.Downloaded::bytes).sum();
    out.printf("downloaded %d artifacts (%s) into %s%n", files.size(), humanBytes(bytes), dir);
    Diagnosis.printFromFiles(dir, out);
    Path report = Diagnosis.find(dir, "report.html").or(() -> Diagnosis.find(dir, "memory-report.html"))
        .orElse(files.get(0).file());
    out.printf("  full report: %s%n", report.toAbsolutePath().normalize());
    out.flush();
    return report;
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
