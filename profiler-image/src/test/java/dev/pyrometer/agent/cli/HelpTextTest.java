package dev.pyrometer.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.Artifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The help a newcomer reads first. Run in its own JVM: picocli prints its warnings straight to
 * System.err, not to the command line's error writer.
 */
class HelpTextTest {
  record Output(int exitCode, String out, String err) {}

  @Test
  void topLevelHelpListsEveryCommandWithAWholeFirstSentenceAndNoWarning() throws Exception {
    Output help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.err()).as("picocli warnings").isEmpty();
    String commands = help.out().substring(help.out().indexOf("Commands:"), help.out().indexOf("Exit codes:"));
    for (String command : List.of("ps", "dump", "record", "heap")) {
      String entry = entry(commands, command);
      assertThat(entry).as(command + "'s entry: a whole sentence, not cut mid-list").endsWith(".").doesNotEndWith(",");
    }
    assertThat(entry(commands, "ps")).contains("CPU use");
  }

  @Test
  void everySubcommandsHelpIsWarningFree() throws Exception {
    for (String command : List.of("ps", "dump", "record", "heap")) {
      Output help = run(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.err()).as(command + " --help: picocli warnings").isEmpty();
    }
  }

  @Test
  void recordHelpNamesEveryArtifactItWrites() throws Exception {
    String help = run("record", "--help").out().replaceAll("\\s+", ""); // file names have no spaces; picocli may wrap after their dots
    for (Artifact a : List.of(Artifact.REPORT_HTML, Artifact.REPORT_JSON, Artifact.FLAMEGRAPH, Artifact.SPEEDSCOPE,
        Artifact.FOLDED, Artifact.SUMMARY)) {
      assertThat(help).contains(a.fileName());
    }
  }

  @Test
  void heapHelpNamesEveryArtifactItWrites() throws Exception {
    String help = run("heap", "--help").out().replaceAll("\\s+", ""); // file names have no spaces; picocli may wrap after their dots
    for (Artifact a : List.of(Artifact.REPORT_HTML, Artifact.MEMORY_REPORT_JSON, Artifact.MEMORY_FLAMEGRAPH,
        Artifact.MEMORY_FOLDED, Artifact.MEMORY_DIFF_FOLDED, Artifact.SUMMARY)) {
      assertThat(help).contains(a.fileName());
    }
  }

  /** A command's entry in the command list, its wrapped lines joined. */
  private static String entry(String commands, String command) {
    List<String> lines = commands.lines().toList();
    StringBuilder entry = null;
    for (String line : lines) {
      if (line.startsWith("  " + command + " ")) {
        entry = new StringBuilder(line.substring(command.length() + 2).strip());
      } else if (entry != null && line.startsWith("     ")) {
        entry.append(' ').append(line.strip());
      } else if (entry != null) {
        break;
      }
    }
    assertThat(entry).as(command + " in " + commands).isNotNull();
    return entry.toString();
  }

  private static Output run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Pyrometer.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
