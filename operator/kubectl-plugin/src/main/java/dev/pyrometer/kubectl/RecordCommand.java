package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code record}: creates a session, follows it, prints the diagnosis, downloads the artifacts. */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Profile a pod (or a pod of a Deployment or StatefulSet): creates a ProfileSession, shows its phase as it "
        + "changes, prints the diagnosis and downloads every artifact through the Pyrometer console."},
    footer = {"", "Examples:", "  kubectl pyrometer record checkout-6f9c7d-2xk4q -c app --mode offcpu --duration 30s --open",
        "  kubectl pyrometer record deploy/checkout -n shop --mode cpu", "", ExitCode.HELP})
final class RecordCommand implements Callable<Integer> {
  static final List<String> MODES = List.of("cpu", "wall", "offcpu", "memory");
  /** The CRD's default startTimeout, and room for the operator to collect the results. */
  private static final Duration SLACK = Duration.ofMinutes(4);

  @ParentCommand KubectlPyrometer root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "POD, deploy/NAME or statefulset/NAME, in the namespace.")
  String target;

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
      description = "The container to profile (default: the only one, or the pod's default-container annotation).")
  String container;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "cpu",
      description = "cpu, wall, offcpu or memory (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to sample, 1s to 30m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--rate", paramLabel = "HZ", description = "Samples per second per thread, 1 to 1000 (default: the operator's, 100).")
  Integer rate;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where the artifacts go (default: ./pyrometer-<session>).")
  Path output;

  @Option(names = "--open", description = "Open report.html when it is downloaded.")
  boolean open;

  @Option(names = "--no-download", description = "Only follow the session and print its TOP; fetch the files later with open.")
  boolean noDownload;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "How long to wait for the session to finish (default: the duration plus 4m).")
  String timeout;

  @Option(names = "--poll-interval", hidden = true, defaultValue = "1s")
  String pollInterval;

  @Override
  public Integer call() throws Exception {
    if (!MODES.contains(mode)) {
      throw PluginException.usage("--mode must be one of cpu, wall, offcpu, memory (got \"" + mode + "\")");
    }
    Duration sampling = Durations.sessionDuration(duration);
    Duration wait = timeout == null ? sampling.plus(SLACK) : Durations.parse("--timeout", timeout);
    if (rate != null && (rate < 1 || rate > 1000)) {
      throw PluginException.usage("--rate must be between 1 and 1000 (got " + rate + ")");
    }
    Target parsed = Target.parse(target);
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = Kube.connect(root.options)) {
      // the console's credentials are checked before anything is created: a session nobody can fetch helps no one
      ConsoleClient console = noDownload ? null : ConsoleOptions.connect(root.options, kube);
      ResolvedTarget resolved = new TargetResolver(kube).resolve(parsed, container);
      Sessions sessions = new Sessions(kube);
      GenericKubernetesResource created = sessions.create(SessionRequest.build(kube.namespace(), resolved, mode, duration, rate));
      String name = created.getMetadata().getName();
      String ns = kube.namespace();
      out.printf("profilesession.pyrometer.dev/%s created in namespace %s: %s %s of %s%s%n", name, ns, mode, duration, parsed,
          resolved.container() == null ? "" : " (container " + resolved.container() + ")");
      out.flush();
      SessionView done;
      try (CtrlCNote note = CtrlCNote.install(spec.commandLine().getErr(),
          "profilesession " + ns + "/" + name + " keeps running; follow it with: " + PhaseFollower.followHint(ns, name))) {
        done = new PhaseFollower(sessions, out, Durations.parse("--poll-interval", pollInterval)).follow(ns, name, wait);
      }
      if ("Failed".equals(done.phase())) {
        throw new PluginException(ExitCode.SESSION_FAILED, "profilesession " + ns + "/" + name + " failed: "
            + (done.reason().isEmpty() ? "" : done.reason() + ": ") + done.message());
      }
      Diagnosis.printStatus(done, out);
      if (noDownload) {
        out.printf("fetch the artifacts with: kubectl pyrometer open %s -n %s%n", name, ns);
        return ExitCode.OK;
      }
      Path dir = output != null ? output : Fetch.defaultDirectory(name);
      Path report;
      try (CtrlCNote note = CtrlCNote.install(spec.commandLine().getErr(),
          "profilesession " + ns + "/" + name + " succeeded; download it again with: kubectl pyrometer open " + name + " -n " + ns)) {
        report = Fetch.downloadAndDiagnose(console, done, dir, out);
      }
      if (open) {
        Browser.open(report, out);
      }
      return ExitCode.OK;
    }
  }
}
