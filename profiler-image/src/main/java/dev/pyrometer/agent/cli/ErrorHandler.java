package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.AgentException;
import dev.pyrometer.contract.ExitReason;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become exit codes: a known failure prints one line on stderr; an
 * unexpected one prints one line too (its stack trace only with {@code PYROMETER_DEBUG=1}).
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof AgentException agent) {
      err.println("pyrometer: " + agent.getMessage());
      err.flush();
      return agent.reason().exitCode();
    }
    err.println("pyrometer: internal error: " + e + " (set PYROMETER_DEBUG=1 for details, and please report it)");
    if ("1".equals(System.getenv("PYROMETER_DEBUG"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitReason.INTERNAL_ERROR.exitCode();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("pyrometer: " + e.getMessage());
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitReason.INVALID_ARGUMENTS.exitCode();
  }
}
