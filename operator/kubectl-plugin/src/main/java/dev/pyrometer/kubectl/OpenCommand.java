package dev.pyrometer.kubectl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code open SESSION}: downloads a succeeded session's artifacts and opens its report. */
@Command(name = "open", mixinStandardHelpOptions = true,
    description = "Download a session's artifacts through the console (waiting for it to finish if it runs) and open report.html.",
    footer = {"", ExitCode.HELP})
final class OpenCommand implements Callable<Integer> {
  @ParentCommand KubectlPyrometer root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The ProfileSession's name.")
  String session;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where the artifacts go (default: ./pyrometer-<session>).")
  Path output;

  @Option(names = "--no-browser", description = "Download only; do not open the report.")
  boolean noBrowser;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "35m",
      description = "How long to wait for a running session (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--poll-interval", hidden = true, defaultValue = "1s")
  String pollInterval;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = Kube.connect(root.options)) {
      ConsoleClient console = ConsoleOptions.connect(root.options, kube);
      Sessions sessions = new Sessions(kube);
      String ns = kube.namespace();
      SessionView view = SessionView.of(sessions.get(session));
      if (!view.terminal()) {
        try (CtrlCNote note = CtrlCNote.install(spec.commandLine().getErr(),
            "profilesession " + ns + "/" + session + " keeps running; open it later with: kubectl pyrometer open " + session + " -n " + ns)) {
          view = new PhaseFollower(sessions, out, Durations.parse("--poll-interval", pollInterval))
              .follow(ns, session, Durations.parse("--timeout", timeout));
        }
      }
      if ("Failed".equals(view.phase())) {
        throw new PluginException(ExitCode.SESSION_FAILED, "profilesession " + ns + "/" + session + " failed: "
            + (view.reason().isEmpty() ? "" : view.reason() + ": ") + view.message());
      }
      Diagnosis.printStatus(view, out);
      Path report = Fetch.downloadAndDiagnose(console, view, output != null ? output : Fetch.defaultDirectory(session), out);
      if (!noBrowser) {
        Browser.open(report, out);
      }
      return ExitCode.OK;
    }
  }
}
