package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's cluster, as kubectl would reach it: the kubeconfig ($KUBECONFIG or --kubeconfig),
 * its current context or --context, the context's namespace or -n. Fabric8's {@link Config}
 * does the reading (tokens, exec credential plugins, client certificates); this class adds what
 * it leaves out (a user's tokenFile) and keeps the identity the console is shown.
 */
public final class Kube implements AutoCloseable {
  private final KubernetesClient client;
  private final Config config;
  private final String namespace;
  private final String token;

  private Kube(KubernetesClient client, Config config, String namespace, String token) {
    this.client = client;
    this.config = config;
    this.namespace = namespace;
    this.token = token;
  }

  /** Reads the kubeconfig the way kubectl does; an unknown context is one line and exit 2. */
  public static Kube connect(GlobalOptions options) {
    Config config = configure(options);
    String namespace = options.namespace != null ? options.namespace
        : Optional.ofNullable(config.getNamespace()).filter(s -> !s.isBlank()).orElse("default");
    config.setNamespace(namespace);
    String token = options.token;
    if (token == null || token.isBlank()) {
      token = kubeconfigToken(config).orElse(null);
    }
    return new Kube(new KubernetesClientBuilder().withConfig(config).build(), config, namespace, token);
  }

  static Config configure(GlobalOptions options) {
    String previous = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    try {
      if (options.kubeconfig != null) {
        if (!Files.isReadable(Path.of(options.kubeconfig))) {
          throw PluginException.usage("cannot read the kubeconfig " + options.kubeconfig);
        }
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, options.kubeconfig);
      }
      Config config = Config.autoConfigure(options.context);
      if (options.context != null && (config.getCurrentContext() == null
          || !options.context.equals(config.getCurrentContext().getName()))) {
        throw PluginException.usage("context \"" + options.context + "\" does not exist in the kubeconfig");
      }
      // kubectl does not retry a refused connection; Fabric8 would, for a long while
      config.setRequestRetryBackoffLimit(1);
      config.setRequestRetryBackoffInterval(500);
      // a user's tokenFile (kubectl reads it on each request; Fabric8 does not read it)
      tokenFile(config).ifPresent(config::setOauthToken);
      return config;
    } catch (KubernetesClientException e) {
      throw PluginException.usage("cannot read the kubeconfig: " + oneLine(e));
    } finally {
      if (previous == null) {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
      } else {
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
      }
    }
  }

  /** The bearer token the kubeconfig gives: a token, a token file, or an exec plugin's token. */
  static Optional<String> kubeconfigToken(Config config) {
    for (String candidate : new String[] {config.getOauthToken(), config.getAutoOAuthToken()}) {
      if (candidate != null && !candidate.isBlank()) {
        return Optional.of(candidate.strip());
      }
    }
    if (config.getOauthTokenProvider() != null) {
      return Optional.ofNullable(config.getOauthTokenProvider().getToken()).filter(t -> !t.isBlank());
    }
    return Optional.empty();
  }

  private static Optional<String> tokenFile(Config config) {
    NamedContext context = config.getCurrentContext();
    if (context == null || context.getContext() == null || context.getContext().getUser() == null) {
      return Optional.empty();
    }
    File file = KubeConfigUtils.getFileWithNamedAuthInfo(context);
    if (file == null) {
      return Optional.empty();
    }
    io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(file);
    String user = context.getContext().getUser();
    Optional<String> tokenFile = Optional.ofNullable(parsed.getUsers()).stream().flatMap(java.util.List::stream)
        .filter(u -> user.equals(u.getName())).map(NamedAuthInfo::getUser).filter(Objects::nonNull)
        .map(AuthInfo::getTokenFile).filter(f -> f != null && !f.isBlank()).findFirst();
    if (tokenFile.isEmpty() || (config.getOauthToken() != null && !config.getOauthToken().isBlank())) {
      return Optional.empty();
    }
    Path path = file.toPath().toAbsolutePath().getParent().resolve(tokenFile.get());
    try {
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw PluginException.usage("cannot read the kubeconfig's tokenFile " + path + ": " + e.getMessage());
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  public String masterUrl() {
    return config.getMasterUrl();
  }

  /**
   * The bearer token the console checks. A kubeconfig that authenticates with a client
   * certificate only has none: the console cannot check a certificate the API server accepted.
   */
  public String consoleToken() {
    if (token != null) {
      return token;
    }
    boolean certificate = config.getClientCertFile() != null || config.getClientCertData() != null;
    throw PluginException.consoleRefused(certificate
        ? "the kubeconfig authenticates with a client certificate, which the console cannot check: "
            + "pass a bearer token with --token TOKEN (e.g. --token \"$(kubectl create token SERVICEACCOUNT)\")"
        : "the kubeconfig has no bearer token for the console: pass one with --token TOKEN");
  }

  /** One line from a Fabric8 failure: its status message, else the root cause's. */
  static String oneLine(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** A Fabric8 failure as the one line and exit code the user sees. */
  PluginException failure(String doing, KubernetesClientException e) {
    if (e.getCode() == 401 || e.getCode() == 403) {
      return PluginException.kubernetes(doing + ": the API server refused it (" + e.getCode() + "): " + oneLine(e));
    }
    if (e.getCode() <= 0) {
      return PluginException.kubernetes(doing + ": cannot reach the Kubernetes API server at " + masterUrl() + ": " + oneLine(e));
    }
    return PluginException.kubernetes(doing + ": " + oneLine(e));
  }

  @Override
  public void close() {
    client.close();
  }
}
