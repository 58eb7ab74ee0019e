package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.api.ProfileSessionCrd;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one simulated part of the cluster: Fabric8's Kubernetes mock server in CRUD mode (plain
 * HTTP, on 127.0.0.1), with the ephemeralcontainers subresource added and the ProfileSession CRD
 * installed from crds/, as the chart would.
 */
public final class ClusterApiServer implements AutoCloseable {
  private volatile KubernetesVersion version = KubernetesVersion.NEWEST;
  private final ClusterDispatcher dispatcher = new ClusterDispatcher(() -> version);
  private final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  private KubernetesClient admin;

  /** Starts on a free port. */
  public static ClusterApiServer start() {
    return start(0);
  }

  public static ClusterApiServer start(int port) {
    ClusterApiServer api = new ClusterApiServer();
    try {
      api.server.init(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    api.admin = api.server.createClient();
    api.admin.resource(committedCrd()).create();
    return api;
  }

  /** The version it reports at /version (and the test kubelet follows); the newest by default. */
  public KubernetesVersion version() {
    return version;
  }

  /** Simulates another Kubernetes version from now on, as an upgraded (or older) cluster. */
  public void simulate(KubernetesVersion version) {
    this.version = version;
  }

  /** A client with every permission, for tests and the scripted kubelet. */
  public KubernetesClient client() {
    return admin;
  }

  /** A new client, e.g. for an operator instance that gets stopped and replaced. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** A new client whose requests carry {@code userAgent}, so {@link #requests()} can tell them apart. */
  public KubernetesClient newClient(String userAgent) {
    try (KubernetesClient template = server.createClient()) {
      return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
          .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(template.getConfiguration()).withUserAgent(userAgent).build())
          .build();
    }
  }

  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  public int port() {
    return server.getPort();
  }

  public void createNamespace(String name, Map<String, String> labels) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build()).create();
  }

  /** Its tokens, users and RBAC-like rules, answering TokenReview and SubjectAccessReview. */
  public ClusterAccess access() {
    return dispatcher.access();
  }

  /** Every request served so far. */
  public List<ApiRequest> requests() {
    return dispatcher.requests();
  }

  /** A kubeconfig for kubectl, pointing at this server. */
  public Path writeKubeconfig(Path file) throws IOException {
    String config =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: pyrometer-demo
          cluster:
            server: %s
        contexts:
        - name: pyrometer-demo
          context:
            cluster: pyrometer-demo
            user: demo
            namespace: default
        current-context: pyrometer-demo
        users:
        - name: demo
          user:
            token: demo
        """
            .formatted(url());
    Files.writeString(file, config);
    return file;
  }

  static CustomResourceDefinition committedCrd() {
    return ProfileSessionCrd.committed();
  }


  @Override
  public void close() {
    admin.close();
    server.destroy();
  }
}
