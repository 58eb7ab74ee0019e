package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Plays the kubelet for ephemeral containers, the one part of a cluster a mock API server cannot
 * give: watches pods, and for each new ephemeral container resolves its env (Secret references
 * included), starts it through a {@link ContainerRuntime}, and writes its waiting, running and
 * terminated states (with the termination message read from its termination log file, truncated
 * to 4096 bytes) into the pod status, as the kubelet does. Images under {@code
 * registry.invalid/} never pull (ErrImagePull). Deleting a pod kills its containers.
 */
public final class Kubelet implements AutoCloseable {
  /** Images whose name starts with this fail to pull, like an image that does not exist. */
  public static final String UNPULLABLE = "registry.invalid/";

  private static final Logger LOG = Logger.getLogger(Kubelet.class);
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private final KubernetesClient client;
  private final ContainerRuntime runtime;
  private final Path workDir;
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private final Map<String, List<ContainerRuntime.Running>> runningByPod = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final SharedIndexInformer<Pod> informer;

  public Kubelet(KubernetesClient client, ContainerRuntime runtime, Path workDir) {
    this.client = client;
    this.runtime = runtime;
    this.workDir = workDir;
    this.informer = client.pods().inAnyNamespace().inform(new Handler());
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      podChanged(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      podChanged(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      List<ContainerRuntime.Running> running = runningByPod.remove(key(pod));
      if (running != null) {
        running.forEach(ContainerRuntime.Running::kill);
      }
    }
  }

  private void podChanged(Pod pod) {
    for (EphemeralContainer c : Optional.ofNullable(pod.getSpec().getEphemeralContainers()).orElse(List.of())) {
      if (handled.add(key(pod) + "/" + pod.getMetadata().getUid() + "/" + c.getName())) {
        executor.submit(() -> run(pod, c));
      }
    }
  }

  private void run(Pod pod, EphemeralContainer container) {
    try {
      setState(pod, container, new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build());
      if (container.getImage().startsWith(UNPULLABLE)) {
        setState(pod, container, new ContainerStateBuilder().withNewWaiting().withReason("ErrImagePull")
            .withMessage("failed to pull and unpack image \"" + container.getImage() + "\": not found").endWaiting().build());
        return;
      }
      Map<String, String> env = resolveEnv(pod, container);
      if (env == null) {
        return; // a Secret is missing: the kubelet would keep the container waiting
      }
      Path terminationLog = Files.createTempFile(workDir, "termination-", ".log");
      List<String> args = withTerminationLog(Optional.ofNullable(container.getArgs()).orElse(List.of()), container, terminationLog);
      String started = Instant.now().toString();
      ContainerRuntime.Running running = runtime.start(new ContainerRuntime.Launch(pod, container, args, env, terminationLog));
      runningByPod.computeIfAbsent(key(pod), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(running);
      setState(pod, container, new ContainerStateBuilder().withNewRunning(started).build());
      int exitCode = running.exit().join();
      String message = readTerminationMessage(terminationLog);
      setState(pod, container, new ContainerStateBuilder().withNewTerminated()
          .withExitCode(exitCode)
          .withReason(exitCode == 0 ? "Completed" : "Error")
          .withMessage(message.isEmpty() ? null : message)
          .withStartedAt(started)
          .withFinishedAt(Instant.now().toString())
          .endTerminated().build());
    } catch (Exception e) {
      LOG.errorf(e, "test kubelet: container %s in pod %s failed to run", container.getName(), key(pod));
    }
  }

  /** Points the agent's --termination-log at a host file, as the kubelet maps terminationMessagePath. */
  private static List<String> withTerminationLog(List<String> args, EphemeralContainer container, Path file) {
    List<String> out = new ArrayList<>(args);
    String path = Optional.ofNullable(container.getTerminationMessagePath()).orElse("/dev/termination-log");
    for (int i = 0; i < out.size() - 1; i++) {
      if (out.get(i).equals("--termination-log") && out.get(i + 1).equals(path)) {
        out.set(i + 1, file.toString());
      }
    }
    return out;
  }

  private static String readTerminationMessage(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int n = Math.min(bytes.length, TERMINATION_MESSAGE_LIMIT);
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private Map<String, String> resolveEnv(Pod pod, EphemeralContainer container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), Optional.ofNullable(var.getValue()).orElse(""));
        continue;
      }
      var ref = var.getValueFrom().getSecretKeyRef();
      Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(ref.getName()).get();
      String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (encoded == null) {
        setState(pod, container, new ContainerStateBuilder().withNewWaiting().withReason("CreateContainerConfigError")
            .withMessage("secret \"" + ref.getName() + "\" not found").endWaiting().build());
        return null;
      }
      env.put(var.getName(), new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }
    return env;
  }

  private void setState(Pod pod, EphemeralContainer container, ContainerState state) {
    ContainerStatus status = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
        .withReady(false).withRestartCount(0).withState(state).build();
    updateStatus(pod, p -> {
      List<ContainerStatus> statuses = new ArrayList<>(Optional.ofNullable(p.getStatus().getEphemeralContainerStatuses()).orElse(List.of()));
      statuses.removeIf(s -> s.getName().equals(container.getName()));
      statuses.add(status);
      p.getStatus().setEphemeralContainerStatuses(statuses);
      return p;
    });
  }

  private void updateStatus(Pod pod, UnaryOperator<Pod> change) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
      if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
        return; // deleted: nothing to report to
      }
      try {
        client.pods().resource(change.apply(current)).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("could not update the status of pod " + key(pod));
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
    runningByPod.values().forEach(l -> l.forEach(ContainerRuntime.Running::kill));
    executor.shutdownNow();
  }
}
