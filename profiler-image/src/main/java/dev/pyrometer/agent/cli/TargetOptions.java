package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.agent.target.TargetSelector;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * Which processes a run attaches to: {@code --pid} or {@code --match} (exclusive); neither means
 * every visible Python process. Shared by {@code record} and {@code heap}.
 */
final class TargetOptions {
  @Option(names = "--pid", split = ",", paramLabel = "PID", description = "Process id(s), comma separated.")
  List<Integer> pids;

  @Option(names = "--match", paramLabel = "REGEX", description = "Every visible Python process whose command line matches.")
  String match;

  /** Attaches to the chosen processes; {@code options} may be null (picocli leaves an unused group null). */
  static TargetSelector.Selection select(TargetOptions options) {
    return select(options, dev.pyrometer.agent.target.ProcessPolicy.ALL, dev.pyrometer.agent.target.ProcessPolicy.Measure.CPU);
  }

  /** The same, keeping of the matching processes what {@code policy} asks for (ignored with --pid). */
  static TargetSelector.Selection select(TargetOptions options, dev.pyrometer.agent.target.ProcessPolicy policy,
      dev.pyrometer.agent.target.ProcessPolicy.Measure measure) {
    if (options != null && options.pids != null) {
      for (int pid : options.pids) {
        if (pid <= 0) {
          throw AgentException.invalidArguments("--pid takes positive process ids, not " + pid);
        }
      }
      return TargetSelector.byPids(options.pids);
    }
    return TargetSelector.byMatch(compile(options == null ? null : options.match), policy, measure);
  }

  /** True when processes are picked by pattern (or all): which ones matched is part of the answer. */
  static boolean byPattern(TargetOptions options) {
    return options == null || options.pids == null;
  }

  private static Pattern compile(String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw AgentException.invalidArguments("--match '" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
  }
}
