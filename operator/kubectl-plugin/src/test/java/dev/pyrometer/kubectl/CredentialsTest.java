package dev.pyrometer.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console sees the user's own bearer token, wherever the kubeconfig keeps it: a token, a
 * token file, an exec credential plugin, or --token; a kubeconfig with only a client certificate
 * gets one line saying so, before anything is created.
 */
@EnableKubernetesMockClient(crud = true)
class CredentialsTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  @TempDir static Path dir;
  static MockCluster cluster;

  @BeforeAll
  static void aSucceededSession() throws Exception {
    cluster = new MockCluster(server, client, dir);
    GenericKubernetesResource s = new GenericKubernetesResource();
    s.setApiVersion(Sessions.API_VERSION);
    s.setKind(Sessions.KIND);
    s.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("done").build());
    s.setAdditionalProperty("spec", Map.of("mode", "cpu", "target", Map.of("podName", "x")));
    GenericKubernetesResource created = client.genericKubernetesResources(Sessions.CONTEXT).inNamespace("shop").resource(s).create();
    created.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
    client.genericKubernetesResources(Sessions.CONTEXT).inNamespace("shop").resource(created).updateStatus();
    cluster.runningPod("shop", "web-1", Map.of("app", "web"), "app");
  }

  /** open through a console that accepts only {@code token}; the kubeconfig's user as given. */
  private MockCluster.Result openWith(String token, String user, String... extra) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig-" + token), cluster.kubeconfig(user));
    try (ConsoleStandIn console = new ConsoleStandIn(token)) {
      console.put("shop", "done", "web-1", "report.html", ConsoleStandIn.utf8("ok"));
      String[] args = {"--kubeconfig", kubeconfig.toString(), "open", "done", "--no-browser", "--console", console.url(),
          "-o", dir.resolve("out-" + token).toString()};
      String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra)).toArray(String[]::new);
      MockCluster.Result result = MockCluster.runRaw(all);
      assertThat(console.tokensSeen).as("%s", result).containsOnly(token);
      return result;
    }
  }

  @Test
  void theKubeconfigsTokenTokenFileAndExecPluginAreWhatTheConsoleSees() throws Exception {
    assertThat(openWith("alice-token", "    token: alice-token\n").code()).isZero();

    Path tokenFile = Files.writeString(dir.resolve("token"), "file-token\n");
    assertThat(openWith("file-token", "    tokenFile: " + tokenFile + "\n").code()).isZero();

    Path plugin = dir.resolve("credential-plugin");
    Files.writeString(plugin, """
        #!/bin/sh
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token"}}'
        """);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    assertThat(openWith("exec-token", """
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: %s
              interactiveMode: Never
        """.formatted(plugin)).code()).isZero();

    assertThat(openWith("given-token", "    token: alice-token\n", "--token", "given-token").code()).isZero();
  }

  @Test
  void aClientCertificateOnlyKubeconfigIsOneLineNamingTokenAndCreatesNothing() throws Exception {
    Path key = dir.resolve("client.key");
    Path cert = dir.resolve("client.crt");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=alice",
        "-days", "1", "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    String log = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor()).as(log).isZero();
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig-cert"),
        cluster.kubeconfig("    client-certificate: " + cert + "\n    client-key: " + key + "\n"));

    MockCluster.Result result = MockCluster.runRaw("--kubeconfig", kubeconfig.toString(), "record", "web-1", "--console", "http://127.0.0.1:1");
    RecordCommandTest.expect(result, ExitCode.CONSOLE_REFUSED, "error: the kubeconfig authenticates with a client certificate, "
        + "which the console cannot check: pass a bearer token with --token TOKEN (e.g. --token \"$(kubectl create token SERVICEACCOUNT)\")");
    assertThat(cluster.sessions("shop")).extracting(r -> r.getMetadata().getName()).containsExactly("done");
  }
}
