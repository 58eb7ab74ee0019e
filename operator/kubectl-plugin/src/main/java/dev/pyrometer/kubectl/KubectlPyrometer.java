package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubectl pyrometer}: profiles a pod in one command, and lists, describes and opens sessions. */
@Command(
    name = "kubectl pyrometer",
    mixinStandardHelpOptions = true,
    version = "kubectl-pyrometer 0.1.0",
    description = "Profile Python processes in Kubernetes pods with Pyrometer ProfileSessions, and fetch their results.",
    subcommands = {RecordCommand.class, GetCommand.class, DescribeCommand.class, OpenCommand.class, CommandLine.HelpCommand.class},
    footer = {"", ExitCode.HELP})
public final class KubectlPyrometer implements Runnable {
  @Mixin GlobalOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err));
  }

  /** Runs one command line; every failure is one line on err and an exit code, never a stack trace. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new KubectlPyrometer());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.printf("error: %s (see kubectl pyrometer %s--help)%n", e.getMessage(),
          e.getCommandLine().getParent() == null ? "" : e.getCommandLine().getCommandName() + " ");
      err.flush();
      return ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      err.printf("error: %s%n", oneLine(e));
      err.flush();
      return exitCode(e);
    });
    return cli.execute(args);
  }

  static int exitCode(Throwable e) {
    if (e instanceof PluginException p) {
      return p.exitCode();
    }
    if (e instanceof KubernetesClientException) {
      return ExitCode.KUBERNETES;
    }
    if (e instanceof InterruptedException) {
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.INTERNAL;
  }

  static String oneLine(Throwable e) {
    if (e instanceof PluginException) {
      return e.getMessage();
    }
    if (e instanceof KubernetesClientException k) {
      return Kube.oneLine(k);
    }
    if (e instanceof InterruptedException) {
      return "interrupted";
    }
    return "internal error: " + e.getClass().getName() + ": " + Kube.oneLine(e);
  }
}
