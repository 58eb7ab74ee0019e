package dev.pyrometer.agent.testing;

import dev.pyrometer.agent.cli.Pyrometer;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the {@code pyrometer} command line in this JVM and keeps its exit code and both streams,
 * so that a failing assertion can show everything the agent said.
 */
public record AgentRun(int exitCode, String out, String err) {

  public static AgentRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pyrometer.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new AgentRun(code, out.toString(), err.toString());
  }

  /** Fails with both streams unless the exit code is 0. */
  public AgentRun assertOk() {
    if (exitCode != 0) {
      throw new AssertionError("pyrometer exited " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err);
    }
    return this;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
