package dev.pyrometer.kubectl;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, anywhere on the line (as kubectl's global flags): which
 * cluster, namespace and identity, and where the console is.
 */
public final class GlobalOptions {
  @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "The kubeconfig context (default: its current context).")
  String context;

  @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NS",
      description = "The namespace (default: the context's namespace, else default).")
  String namespace;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "The bearer token shown to the console (default: the kubeconfig's token, token file or exec credential).")
  String token;

  @Option(names = "--console", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "The console's URL, e.g. http://localhost:8080 after kubectl port-forward (default: $PYROMETER_CONSOLE, "
          + "else through the API server's service proxy).")
  String console;

  @Option(names = "--operator-namespace", scope = ScopeType.INHERIT, paramLabel = "NS", defaultValue = "pyrometer-system",
      description = "The operator's namespace, for the service proxy (default: ${DEFAULT-VALUE}).")
  String operatorNamespace;

  @Option(names = "--operator-service", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "pyrometer",
      description = "The operator's Service, for the service proxy (default: ${DEFAULT-VALUE}, the chart's name for release pyrometer).")
  String operatorService;

  /** The console's URL from --console or $PYROMETER_CONSOLE; null: use the service proxy. */
  String consoleUrl() {
    if (console != null && !console.isBlank()) {
      return console;
    }
    String env = System.getenv("PYROMETER_CONSOLE");
    return env == null || env.isBlank() ? null : env;
  }
}
