package dev.pyrometer.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pyrometer} command: profiles unmodified CPython processes from outside. */
@Command(
    name = "pyrometer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Profiles running, unmodified CPython 3.8-3.15 processes from outside: no restart, no code change.",
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
  /** The subcommands, in the order the help lists them. */
  private static final java.util.Map<String, Class<?>> SUBCOMMANDS = new java.util.LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("ps", PsCommand.class);
    SUBCOMMANDS.put("dump", DumpCommand.class);
    SUBCOMMANDS.put("record", RecordCommand.class);
    SUBCOMMANDS.put("heap", HeapCommand.class);
    SUBCOMMANDS.put("diff", DiffCommand.class);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
  }

  private Pyrometer() {}

  private static Object create(Class<?> type) {
    try {
      return CommandLine.defaultFactory().create(type);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the " + type.getSimpleName() + " command", e);
    }
  }

  public static void main(String[] args) {
    // a failure on a sampler thread is one line too, never a stack trace
    Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
        System.err.println("pyrometer: " + thread.getName() + " stopped: " + e));
    StartupPreload.start();
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    try {
      return commandLine(args.length > 0 ? args[0] : null).execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("pyrometer: out of memory (the agent's heap is small on purpose: it lives in the target"
          + " pod's budget); raise it with PYROMETER_JAVA_OPTS=-Xmx256m, or record for less time or at a lower rate");
      return dev.pyrometer.contract.ExitReason.INTERNAL_ERROR.exitCode();
    }
  }

  /** The whole command line, every subcommand. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line with only the subcommand named {@code first} when it is one (picocli builds
   * the model of every subcommand it is given, from annotations: about a tenth of a CPU-second at
   * every start for the four a run does not use), else with all of them (top-level help, errors).
   */
  static CommandLine commandLine(String first) {
    CommandLine cli = new CommandLine(Pyrometer.class);
    Class<?> only = "help".equals(first) ? null : SUBCOMMANDS.get(first); // help names the others
    if (only != null) {
      cli.addSubcommand(first, create(only));
    } else {
      SUBCOMMANDS.forEach((name, type) -> cli.addSubcommand(name, create(type)));
    }
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(java.time.Duration.class, new DurationConverter());
    return cli;
  }
}
