package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Fabric8 mock API server (CRUD: it stores what is created, as the real one) behind a
 * kubeconfig file, so that the plugin reads its cluster, context and namespace the way it does on
 * a laptop. Contexts: {@code dev} (current; namespace shop, token alice-token) and {@code other}
 * (namespace other).
 */
final class MockCluster {
  final KubernetesMockServer server;
  final KubernetesClient client;
  final Path kubeconfig;

  MockCluster(KubernetesMockServer server, KubernetesClient client, Path dir) throws IOException {
    this.server = server;
    this.client = client;
    this.kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig("    token: alice-token\n"));
    for (String ns : List.of("shop", "other")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
  }

  /** A kubeconfig for the same server whose user is given as YAML lines under "user:". */
  String kubeconfig(String user) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: alice
          user:
        %s
        contexts:
        - name: dev
          context: {cluster: mock, user: alice, namespace: shop}
        - name: other
          context: {cluster: mock, user: alice, namespace: other}
        current-context: dev
        """.formatted(server.url("/").replaceAll("/$", ""), user.stripTrailing());
  }

  Pod runningPod(String ns, String name, Map<String, String> labels, String... containers) {
    Pod pod = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withContainers(Arrays.stream(containers).map(c -> new ContainerBuilder().withName(c).withImage("python:3.12").build()).toList())
        .endSpec().withNewStatus().withPhase("Running").endStatus().build();
    return client.pods().inNamespace(ns).resource(pod).create();
  }

  List<GenericKubernetesResource> sessions(String ns) {
    return client.genericKubernetesResources(Sessions.CONTEXT).inNamespace(ns).list().getItems();
  }

  /** Runs the plugin as kubectl would, with this kubeconfig; returns exit code, stdout, stderr. */
  Result run(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--kubeconfig";
    full[1] = kubeconfig.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    return runRaw(full);
  }

  static Result runRaw(String... args) {
    return runRaw(new StringWriter(), new StringWriter(), args);
  }

  /** With writers the test reads while the plugin runs (StringWriter is thread-safe). */
  Result run(StringWriter out, StringWriter err, String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--kubeconfig";
    full[1] = kubeconfig.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    return runRaw(out, err, full);
  }

  static Result runRaw(StringWriter out, StringWriter err, String... args) {
    int code = KubectlPyrometer.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }
}
