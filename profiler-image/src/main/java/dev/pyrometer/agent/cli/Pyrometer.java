package dev.pyrometer.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pyrometer} command: profiles unmodified CPython processes from outside. */
@Command(
    name = "pyrometer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Profiles running, unmodified CPython 3.8-3.15 processes from outside: no restart, no code change.",
    subcommands = {PsCommand.class, DumpCommand.class, RecordCommand.class, HeapCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success (also: interrupted, or targets exited; what was sampled is written)",
      " 1:internal error",
      " 2:invalid arguments",
      " 3:process not found",
      " 4:not a Python process",
      " 5:permission denied (needs CAP_SYS_PTRACE or the target's user)",
      " 6:unsupported Python version or build",
      " 7:no samples",
      " 8:upload failed",
      " 9:unreadable core file"
    })
public final class Pyrometer {
  private Pyrometer() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(Pyrometer.class);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    return cli;
  }
}
