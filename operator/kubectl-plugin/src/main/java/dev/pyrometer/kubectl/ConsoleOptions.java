package dev.pyrometer.kubectl;

/** Which console transport the options ask for: the given URL, else the API server's service proxy. */
public final class ConsoleOptions {
  private ConsoleOptions() {}

  public static ConsoleClient connect(GlobalOptions options, Kube kube) {
    String token = kube.consoleToken();
    String url = options.consoleUrl();
    ConsoleHttp http = url != null ? new DirectConsoleHttp(url, token)
        : new ProxiedConsoleHttp(kube, options.operatorNamespace, options.operatorService, token);
    return new ConsoleClient(http);
  }
}
