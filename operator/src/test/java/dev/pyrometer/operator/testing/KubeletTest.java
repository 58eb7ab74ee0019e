package dev.pyrometer.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test kubelet fails where a real one of the simulated version does (see its javadoc): the
 * harness must not accept what a cluster refuses.
 */
class KubeletTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path work;
  private ClusterApiServer api;
  private Kubelet kubelet;
  private KubernetesClient client;
  private final ScriptedAgent agent = new ScriptedAgent();

  @BeforeEach
  void start() throws Exception {
    api = ClusterApiServer.start();
    client = api.client();
    kubelet = new Kubelet(client, agent, work, api::version);
    api.createNamespace("shop", Map.of());
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("urls").withNamespace("shop").endMetadata()
        .withStringData(Map.of("URL", "http://example.invalid/x")).build()).create();
  }

  @AfterEach
  void stop() {
    kubelet.close();
    api.close();
  }

  private void addEphemeral(EphemeralContainer container) {
    client.pods().inNamespace("shop").withName("web").ephemeralContainers().patch(
        PatchContext.of(PatchType.STRATEGIC_MERGE),
        Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(container)))));
  }

  private static EphemeralContainer referringToTheSecret(String image) {
    return new EphemeralContainerBuilder().withName("debug").withImage(image).withTargetContainerName("app")
        .withEnv(new EnvVarBuilder().withName("URL").withNewValueFrom().withNewSecretKeyRef("URL", "urls", false).endValueFrom().build())
        .build();
  }

  private ContainerState awaitState(Predicate<ContainerState> done) {
    return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
      Pod pod = client.pods().inNamespace("shop").withName("web").get();
      return Optional.ofNullable(pod.getStatus().getEphemeralContainerStatuses()).orElse(List.of()).stream()
          .filter(s -> s.getName().equals("debug")).map(ContainerStatus::getState).findFirst().orElse(null);
    }, s -> s != null && done.test(s));
  }

  private static boolean waitingWith(ContainerState s, String reason) {
    return s.getWaiting() != null && reason.equals(s.getWaiting().getReason());
  }

  @Test
  void before133ASecretOnlyAnEphemeralContainerRefersToIsUnreadable() {
    api.simulate(KubernetesVersion.V1_32);
    Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));

    addEphemeral(referringToTheSecret(TestingOperatorConfig.AGENT_IMAGE));

    ContainerState state = awaitState(s -> waitingWith(s, "CreateContainerConfigError"));
    assertThat(state.getWaiting().getMessage()).isEqualTo("failed to sync secret cache: timed out waiting for the condition");
    assertThat(agent.launches()).isEmpty();
  }

  @Test
  void before133ASecretThePodItselfRefersToIsReadable() {
    api.simulate(KubernetesVersion.V1_32);
    Pod pod = Pods.running("shop", "web", Map.of(), "app");
    pod.getSpec().getContainers().get(0).setEnv(List.of(
        new EnvVarBuilder().withName("URL").withNewValueFrom().withNewSecretKeyRef("URL", "urls", false).endValueFrom().build()));
    Pods.create(client, pod);

    addEphemeral(referringToTheSecret(TestingOperatorConfig.AGENT_IMAGE));

    awaitState(s -> s.getTerminated() != null);
    assertThat(agent.launches()).singleElement().satisfies(l -> assertThat(l.env()).containsEntry("URL", "http://example.invalid/x"));
  }

  @Test
  void from133TheSameSecretIsReadable() {
    api.simulate(KubernetesVersion.V1_33);
    Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));

    addEphemeral(referringToTheSecret(TestingOperatorConfig.AGENT_IMAGE));

    assertThat(awaitState(s -> s.getTerminated() != null).getTerminated().getExitCode()).isZero();
    assertThat(agent.launches()).singleElement().satisfies(l -> assertThat(l.env()).containsEntry("URL", "http://example.invalid/x"));
  }

  @Test
  void anImageThatDoesNotExistIsErrImagePullThenImagePullBackOff() {
    Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));

    addEphemeral(new EphemeralContainerBuilder().withName("debug").withImage(Kubelet.UNPULLABLE + "pyrometer:nope").build());

    awaitState(s -> waitingWith(s, "ErrImagePull"));
    ContainerState backOff = awaitState(s -> waitingWith(s, "ImagePullBackOff"));
    assertThat(backOff.getWaiting().getMessage()).isEqualTo("Back-off pulling image \"registry.invalid/pyrometer:nope\"");
  }

  @Test
  void anImageNameThatDoesNotParseIsInvalidImageName() {
    Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));

    addEphemeral(new EphemeralContainerBuilder().withName("debug").withImage("Pyrometer/Agent:latest").build());

    assertThat(awaitState(s -> waitingWith(s, "InvalidImageName")).getWaiting().getMessage()).contains("invalid reference format");
  }

  @Test
  void aRunAsNonRootPodRefusesAnImageThatRunsAsRoot() {
    Pod pod = Pods.running("shop", "web", Map.of(), "app");
    pod.getSpec().setSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).build());
    Pods.create(client, pod);

    addEphemeral(new EphemeralContainerBuilder().withName("debug").withImage(TestingOperatorConfig.AGENT_IMAGE).build());

    assertThat(awaitState(s -> waitingWith(s, "CreateContainerConfigError")).getWaiting().getMessage())
        .startsWith("container has runAsNonRoot and image will run as root (pod: \"web_shop(");
    assertThat(agent.launches()).isEmpty();
  }

  @Test
  void theApiServerReportsTheSimulatedVersion() {
    api.simulate(KubernetesVersion.V1_29);
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("29");
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.29.0");
    api.simulate(KubernetesVersion.NEWEST);
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo(Integer.toString(KubernetesVersion.NEWEST.minor()));
  }
}
