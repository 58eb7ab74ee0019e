package dev.pyrometer.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.EphemeralContainersResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mock server's ephemeralcontainers subresource must accept what a real API server accepts
 * and refuse what it refuses, or the operator's tests would prove nothing about a cluster.
 */
class EphemeralContainersSubresourceTest {
  private static ClusterApiServer api;
  private static KubernetesClient client;
  private static int counter;
  private String namespace;

  @BeforeAll
  static void startServer() {
    api = ClusterApiServer.start();
    client = api.client();
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  @BeforeEach
  void freshNamespace() {
    namespace = "ns" + (++counter);
    api.createNamespace(namespace, Map.of());
    Pods.create(client, Pods.running(namespace, "web", Map.of("app", "web"), "app"));
  }

  private EphemeralContainersResource subresource() {
    return client.pods().inNamespace(namespace).withName("web").ephemeralContainers();
  }

  private static EphemeralContainer debugger(String name) {
    return new EphemeralContainerBuilder().withName(name).withImage("busybox:1.36").withTargetContainerName("app").build();
  }

  private static String smp(EphemeralContainer c) {
    return Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(c))));
  }

  private Pod stored() {
    return client.pods().inNamespace(namespace).withName("web").get();
  }

  @Test
  void addsAContainerByStrategicMergePatchWithTheApiServersDefaults() {
    Pod pod = subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));

    EphemeralContainer added = pod.getSpec().getEphemeralContainers().get(0);
    assertThat(added.getName()).isEqualTo("dbg");
    assertThat(added.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(added.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(added.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(stored().getSpec().getEphemeralContainers()).extracting(EphemeralContainer::getName).containsExactly("dbg");
  }

  @Test
  void resendingTheSameContainerByStrategicMergeAddsNoSecondOne() {
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));

    assertThat(stored().getSpec().getEphemeralContainers()).hasSize(1);
  }

  @Test
  void addsContainersByJsonPatchMergePatchAndPut() {
    subresource().patch(
        PatchContext.of(PatchType.JSON),
        "[{\"op\":\"add\",\"path\":\"/spec/ephemeralContainers\",\"value\":[" + Serialization.asJson(debugger("one")) + "]}]");
    Pod pod = stored();
    subresource().patch(
        PatchContext.of(PatchType.JSON_MERGE),
        Serialization.asJson(Map.of("spec", Map.of("ephemeralContainers", List.of(pod.getSpec().getEphemeralContainers().get(0), debugger("two"))))));
    pod = stored();
    pod.getSpec().getEphemeralContainers().add(debugger("three"));
    client.pods().resource(pod).ephemeralContainers().update();

    assertThat(stored().getSpec().getEphemeralContainers()).extracting(EphemeralContainer::getName).containsExactly("one", "two", "three");
  }

  @Test
  void refusesToRemoveAnExistingContainer() {
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));

    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"ephemeralContainers\":[]}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("existing ephemeral containers \"dbg\" may not be removed")
        .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(422);
    assertThat(stored().getSpec().getEphemeralContainers()).hasSize(1);
  }

  @Test
  void refusesToChangeAnExistingContainer() {
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));
    EphemeralContainer changed = debugger("dbg");
    changed.setImage("busybox:1.37");

    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(changed)))
        .hasMessageContaining("existing ephemeral containers \"dbg\" may not be changed");
    assertThat(stored().getSpec().getEphemeralContainers().get(0).getImage()).isEqualTo("busybox:1.36");
  }

  @Test
  void refusesANameUsedByAnyContainerOfThePod() {
    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("app"))))
        .hasMessageContaining("spec.ephemeralContainers[0].name: Duplicate value: \"app\"");
    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("Not_A_Label"))))
        .hasMessageContaining("name: Invalid value");
  }

  @Test
  void refusesFieldsAnEphemeralContainerCannotHave() {
    EphemeralContainer withResources = debugger("dbg");
    withResources.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("1")).build());
    withResources.setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withContainerPort(80).build()));

    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(withResources)))
        .hasMessageContaining("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container")
        .hasMessageContaining("spec.ephemeralContainers[0].resources: Forbidden");
  }

  @Test
  void refusesATargetContainerThePodDoesNotHave() {
    EphemeralContainer wrongTarget = debugger("dbg");
    wrongTarget.setTargetContainerName("sidecar");

    assertThatThrownBy(() -> subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(wrongTarget)))
        .hasMessageContaining("targetContainerName: Not found: \"sidecar\"");
  }

  @Test
  void discardsChangesToAnythingButEphemeralContainers() {
    Pod pod = stored();
    pod.getMetadata().getLabels().put("app", "changed");
    pod.getSpec().getContainers().get(0).setImage("python:3.13");
    pod.getSpec().setEphemeralContainers(List.of(debugger("dbg")));

    client.pods().resource(pod).ephemeralContainers().update();

    Pod after = stored();
    assertThat(after.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(after.getSpec().getContainers().get(0).getImage()).isEqualTo("python:3.12");
    assertThat(after.getSpec().getEphemeralContainers()).hasSize(1);
  }

  @Test
  void refusesAPutBasedOnAStaleResourceVersion() {
    Pod stale = stored();
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("first")));
    stale.getSpec().setEphemeralContainers(List.of(debugger("second")));

    assertThatThrownBy(() -> client.pods().resource(stale).ephemeralContainers().update())
        .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(409);
  }

  @Test
  void answers404ForAPodThatDoesNotExist() {
    assertThatThrownBy(() -> client.pods().inNamespace(namespace).withName("gone").ephemeralContainers()
            .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg"))))
        .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(404);
  }

  @Test
  void refusesEphemeralContainersThroughAPlainPodUpdate() {
    Pod pod = stored();
    pod.getSpec().setEphemeralContainers(List.of(debugger("dbg")));

    assertThatThrownBy(() -> client.pods().resource(pod).update()).hasMessageContaining("pod updates may not change fields");
    assertThat(stored().getSpec().getEphemeralContainers()).isNullOrEmpty();
  }

  @Test
  void podSecurityBaselineRefusesPrivilegedAndPtraceButPrivilegedLevelAdmitsThem() {
    api.createNamespace(namespace + "-baseline", Map.of(PodSecurityAdmission.ENFORCE_LABEL, "baseline"));
    Pods.create(client, Pods.running(namespace + "-baseline", "web", Map.of(), "app"));
    EphemeralContainer privileged = debugger("priv");
    privileged.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withPrivileged(true).build());
    EphemeralContainer ptrace = debugger("ptrace");
    ptrace.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withNewCapabilities().withAdd("SYS_PTRACE").endCapabilities().build());
    EphemeralContainersResource baseline = client.pods().inNamespace(namespace + "-baseline").withName("web").ephemeralContainers();

    assertThatThrownBy(() -> baseline.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(privileged)))
        .hasMessageContaining("pods \"web\" is forbidden: violates PodSecurity \"baseline:latest\": privileged (container \"priv\" must not set securityContext.privileged=true)")
        .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(403);
    assertThatThrownBy(() -> baseline.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(ptrace)))
        .hasMessageContaining("non-default capabilities (container \"ptrace\" must not include \"SYS_PTRACE\" in securityContext.capabilities.add)");
    subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(privileged));
    assertThat(stored().getSpec().getEphemeralContainers()).hasSize(1);
  }

  @Test
  void aDryRunStoresNothing() {
    Pod answer =
        subresource().patch(
            new PatchContext.Builder().withPatchType(PatchType.STRATEGIC_MERGE).withDryRun(List.of("All")).build(),
            smp(debugger("dbg")));

    assertThat(answer.getSpec().getEphemeralContainers()).hasSize(1);
    assertThat(stored().getSpec().getEphemeralContainers()).isNullOrEmpty();
  }

  @Test
  void watchersSeeTheAddedContainer() {
    List<Pod> seen = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.pods().inNamespace(namespace).withName("web").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        seen.add(pod);
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      subresource().patch(PatchContext.of(PatchType.STRATEGIC_MERGE), smp(debugger("dbg")));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(p -> p.getSpec().getEphemeralContainers() != null && !p.getSpec().getEphemeralContainers().isEmpty()));
    }
  }
}
