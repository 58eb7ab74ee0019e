package dev.pyrometer.agent.diff;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.pprof.PprofReader;
import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.render.FoldedStacks;
import dev.pyrometer.contract.Artifact;
import dev.pyrometer.contract.ExitReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One side of a comparison, read from what {@code record} or {@code heap} wrote: an output
 * directory (its folded file, else its pprof file), a folded file, or a pprof file.
 *
 * @param role {@code BASE} or {@code NEW}, for messages
 * @param file the file that was read
 * @param tree its stacks, as the folded file shows them
 * @param bytes true for memory (bytes per reference path), false for samples
 */
public record DiffInput(String role, Path file, CallTree tree, boolean bytes) {
  /** What a directory is searched for, in this order. */
  static final List<Artifact> IN_A_DIRECTORY =
      List.of(Artifact.FOLDED, Artifact.MEMORY_FOLDED, Artifact.PPROF, Artifact.MEMORY_PPROF);

  /** Reads one side; bad input is an {@link AgentException} with a one-line message. */
  public static DiffInput read(String role, Path path) {
    if (!Files.exists(path)) {
      throw AgentException.invalidArguments(role + " " + path + ": no such file or directory");
    }
    Path file = Files.isDirectory(path) ? profileIn(role, path) : path;
    try {
      DiffInput input = isPprof(file) ? readPprof(role, file) : readFolded(role, file);
      if (input.tree().total() == 0) {
        throw new AgentException(ExitReason.NO_SAMPLES, role + " " + file + ": holds no samples");
      }
      return input;
    } catch (PprofReader.BadProfileException e) {
      throw AgentException.invalidArguments(role + " " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw AgentException.invalidArguments(role + " " + file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  private static Path profileIn(String role, Path dir) {
    for (Artifact artifact : IN_A_DIRECTORY) {
      Path file = dir.resolve(artifact.fileName());
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw AgentException.invalidArguments(role + " " + dir + ": holds no profile.folded, memory.folded, profile.pb.gz"
        + " or memory.pb.gz (give an output directory of pyrometer record or heap, or one of those files)");
  }

  private static boolean isPprof(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".pb.gz") || name.endsWith(".pb") || name.endsWith(".pprof");
  }

  private static DiffInput readPprof(String role, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      PprofReader.Result result = PprofReader.toTree(PprofReader.parse(in));
      return new DiffInput(role, file, result.tree(), result.bytes());
    }
  }

  /** A folded file counts bytes when it is the heap's ({@code memory.folded}, {@code memory-*.folded}). */
  private static DiffInput readFolded(String role, Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      FoldedStacks.ParseResult parsed = FoldedStacks.parse(in);
      if (parsed.validLines() == 0 && parsed.invalidLines() > 0) {
        throw AgentException.invalidArguments(role + " " + file + ": not a folded stack file (line "
            + parsed.firstInvalidLine() + " is not 'frame;frame COUNT')");
      }
      return new DiffInput(role, file, parsed.tree(), file.getFileName().toString().startsWith("memory"));
    } catch (java.nio.charset.MalformedInputException e) {
      throw AgentException.invalidArguments(role + " " + file + ": not a folded stack file (not UTF-8 text)");
    }
  }
}
