package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Pods as a kubelet would report them. */
public final class Pods {
  private Pods() {}

  /** A Running pod whose containers all run. */
  public static Pod running(String namespace, String name, Map<String, String> labels, String... containers) {
    String now = Instant.now().toString();
    List<ContainerStatus> statuses =
        Arrays.stream(containers)
            .map(c -> new ContainerStatusBuilder().withName(c).withImage("python:3.12").withReady(true)
                .withNewState().withNewRunning(now).endState().build())
            .toList();
    return new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
        .withNewSpec()
        .withContainers(
            Arrays.stream(containers)
                .map(c -> new io.fabric8.kubernetes.api.model.ContainerBuilder().withName(c).withImage("python:3.12").build())
                .toList())
        .endSpec()
        .withNewStatus().withPhase("Running").withContainerStatuses(statuses).endStatus()
        .build();
  }

  /** A pod whose (only) container waits, e.g. in CrashLoopBackOff. */
  public static Pod waiting(String namespace, String name, String container, String reason) {
    Pod pod = running(namespace, name, Map.of(), container);
    pod.getStatus().getContainerStatuses().get(0).setState(
        new io.fabric8.kubernetes.api.model.ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build());
    return pod;
  }

  /** Creates the pod and writes its status, as the API server and kubelet together would. */
  public static Pod create(io.fabric8.kubernetes.client.KubernetesClient client, Pod pod) {
    Pod created = client.pods().resource(pod).create();
    created.setStatus(pod.getStatus());
    return client.pods().resource(created).updateStatus();
  }
}
