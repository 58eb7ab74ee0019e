package dev.pyrometer.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pyrometer} command: profiles unmodified CPython processes from outside. */
@Command(
    name = "pyrometer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Profiles running, unmodified CPython 3.8-3.15 processes from outside: no restart, no code change.",
    subcommands = {PsCommand.class, DumpCommand.class, RecordCommand.class, HeapCommand.class, DiffCommand.class,
        CommandLine.HelpCommand.class},
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
    dev.pyrometer.agent.memory.LiveProcessMemory.preload();
    // a failure on a sampler thread is one line too, never a stack trace
    Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
        System.err.println("pyrometer: " + thread.getName() + " stopped: " + e));
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    try {
      return commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("pyrometer: out of memory (the agent's heap is small on purpose: it lives in the target"
          + " pod's budget); raise it with PYROMETER_JAVA_OPTS=-Xmx256m, or record for less time or at a lower rate");
      return dev.pyrometer.contract.ExitReason.INTERNAL_ERROR.exitCode();
    }
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
