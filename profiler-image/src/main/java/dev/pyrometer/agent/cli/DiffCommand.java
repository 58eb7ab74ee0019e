package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.diff.DiffArtifacts;
import dev.pyrometer.agent.diff.DiffInput;
import dev.pyrometer.agent.diff.DiffTree;
import dev.pyrometer.agent.diff.ProfileDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pyrometer diff BASE NEW}: what changed between two recordings or two heap snapshots. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
    "Compare two profiles of the same kind: BASE and NEW are output directories of record or heap,",
    "or their profile.folded / memory.folded / profile.pb.gz / memory.pb.gz. Writes diff.folded",
    "(stack base new), diff-flamegraph.html (NEW's shape, red grew, blue shrank), diff.json and",
    "report.html with the ranked changes, and prints the largest change."})
final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASE", description = "The profile to compare against (before).")
  Path base;

  @Parameters(index = "1", paramLabel = "NEW", description = "The profile to compare (after).")
  Path news;

  @Option(names = {"--output", "-o"}, defaultValue = "pyrometer-diff", paramLabel = "DIR",
      description = "Where to write the comparison. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Override
  public Integer call() {
    DiffInput before = DiffInput.read("BASE", base);
    DiffInput after = DiffInput.read("NEW", news);
    if (before.bytes() != after.bytes()) {
      throw AgentException.invalidArguments("BASE holds " + kind(before) + " but NEW holds " + kind(after)
          + ": compare a recording with a recording, or a heap snapshot with a heap snapshot");
    }
    DiffTree tree = DiffTree.of(before.tree(), after.tree());
    ProfileDiff diff = ProfileDiff.of(tree, before.bytes(), "BASE");
    List<String> written;
    try {
      written = DiffArtifacts.write(before, after, tree, diff, output);
    } catch (IOException e) {
      throw AgentException.invalidArguments("cannot write to " + output + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(diff.headline());
    out.println("Wrote " + String.join(", ", written) + " to " + output);
    out.flush();
    return 0;
  }

  private static String kind(DiffInput input) {
    return input.bytes() ? "memory (bytes, from heap)" : "samples (from record)";
  }
}
