package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.target.ProcessPolicy;
import picocli.CommandLine.Option;

/** {@code --processes auto|all}: of the matching processes, profile all or the ones that matter. */
final class ProcessPolicyOption {
  @Option(names = "--processes", defaultValue = "all", paramLabel = "auto|all",
      description = "Without --pid: all = every matching Python process; auto = the ones that matter"
          + " (record: the busiest program by CPU, its workers included; heap: the largest by RSS)."
          + " Default: ${DEFAULT-VALUE}.")
  String value;

  ProcessPolicy policy() {
    for (ProcessPolicy p : ProcessPolicy.values()) {
      if (p.cliName().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw dev.pyrometer.agent.AgentException.invalidArguments("--processes takes auto or all, not '" + value + "'");
  }
}
