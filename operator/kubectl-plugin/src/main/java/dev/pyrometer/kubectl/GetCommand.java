package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code get [SESSION]}: the sessions as {@code kubectl get profilesessions} shows them. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "List ProfileSessions (or show one): NAME, MODE, TARGET, PHASE, COLLECTED, TOP, AGE.",
    footer = {"", ExitCode.HELP})
final class GetCommand implements Callable<Integer> {
  @ParentCommand KubectlPyrometer root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", description = "One session's name (default: all in the namespace).")
  String session;

  @Option(names = {"-A", "--all-namespaces"}, description = "Sessions of every namespace.")
  boolean allNamespaces;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = Kube.connect(root.options)) {
      Sessions sessions = new Sessions(kube);
      List<GenericKubernetesResource> items = session != null ? List.of(sessions.get(session)) : sessions.list(allNamespaces);
      if (items.isEmpty()) {
        spec.commandLine().getErr().println(allNamespaces ? "No resources found" : "No resources found in " + kube.namespace() + " namespace.");
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
      }
      List<SessionView> views = items.stream().map(SessionView::of)
          .sorted(Comparator.comparing(SessionView::namespace).thenComparing(SessionView::name)).toList();
      boolean withNamespace = allNamespaces && session == null;
      Table table = withNamespace ? new Table("NAMESPACE", "NAME", "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE")
          : new Table("NAME", "MODE", "TARGET", "PHASE", "COLLECTED", "TOP", "AGE");
      Instant now = Instant.now();
      for (SessionView v : views) {
        String[] row = {v.name(), v.mode(), v.target(), v.phase(), v.collected(), v.top(), Ages.since(v.creationTimestamp(), now)};
        if (withNamespace) {
          String[] wide = new String[row.length + 1];
          wide[0] = v.namespace();
          System.arraycopy(row, 0, wide, 1, row.length);
          row = wide;
        }
        table.add(row);
      }
      table.print(out);
      return ExitCode.OK;
    }
  }
}
