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
 * give: watches pods, and for each new ephemeral container resolves its env (Secret and ConfigMap
 * references included), starts it through a {@link ContainerRuntime}, and writes its waiting,
 * running and terminated states (with the termination message read from its termination log file,
 * truncated to 4096 bytes) into the pod status, as the kubelet does. Deleting a pod kills its
 * containers.
 *
 * <p>It fails as a real kubelet of the simulated {@link KubernetesVersion} does (measured on a
 * 1.32 node, notes in the repository's history):
 *
 * <ul>
 *   <li>an object the {@link NodeAuthorizer} does not let it read (before 1.33: one that only an
 *       ephemeral container refers to) leaves the container waiting in {@code
 *       CreateContainerConfigError: failed to sync secret cache: timed out waiting for the
 *       condition}, for good; a missing one in {@code CreateContainerConfigError: secret "x" not
 *       found};
 *   <li>images under {@code registry.invalid/} never pull: {@code ErrImagePull}, then, on the
 *       pod worker's next sync (10 s on a real kubelet, {@link #BACK_OFF_AFTER} here), {@code
 *       ImagePullBackOff} for good; an image reference that does not parse is {@code
 *       InvalidImageName};
 *   <li>a pod or container with {@code runAsNonRoot: true} refuses an image that runs as root (all
 *       images here do, as the agent's does) unless the container sets a non-zero {@code
 *       runAsUser}: {@code CreateContainerConfigError: container has runAsNonRoot and image will
 *       run as root}.
 * </ul>
 */
public final class Kubelet implements AutoCloseable {
  /** Images whose name starts with this fail to pull, like an image that does not exist. */
  public static final String UNPULLABLE = "registry.invalid/";
  /** Images whose name starts with this take forever to pull: the container stays ContainerCreating. */
  public static final String SLOW_PULL = "registry.slow.test/";
  /** How long after ErrImagePull the kubelet reports ImagePullBackOff (its pod worker's resync). */
  static final java.time.Duration BACK_OFF_AFTER = java.time.Duration.ofSeconds(1);
  /** What containerd's reference parser accepts, roughly: lower-case repository, tag or digest. */
  private static final java.util.regex.Pattern IMAGE_REFERENCE =
      java.util.regex.Pattern.compile("^[a-z0-9]+([._/:-][a-z0-9]+)*(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$");

  private static final Logger LOG = Logger.getLogger(Kubelet.class);
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private final KubernetesClient client;
  private final ContainerRuntime runtime;
  private final Path workDir;
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private final Map<String, List<ContainerRuntime.Running>> runningByPod = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final SharedIndexInformer<Pod> informer;
  private final java.util.function.Supplier<KubernetesVersion> version;

  /** A kubelet of the newest simulated version. */
  public Kubelet(KubernetesClient client, ContainerRuntime runtime, Path workDir) {
    this(client, runtime, workDir, () -> KubernetesVersion.NEWEST);
  }

  /** @param version the cluster's version, read whenever a container is started */
  public Kubelet(KubernetesClient client, ContainerRuntime runtime, Path workDir, java.util.function.Supplier<KubernetesVersion> version) {
    this.client = client;
    this.runtime = runtime;
    this.workDir = workDir;
    this.version = version;
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
      String image = Optional.ofNullable(container.getImage()).orElse("");
      if (!IMAGE_REFERENCE.matcher(image).matches()) {
        waitFor(pod, container, "InvalidImageName", "Failed to apply default image tag \"" + image + "\": couldn't parse image name \""
            + image + "\": invalid reference format");
        return;
      }
      if (image.startsWith(UNPULLABLE)) {
        waitFor(pod, container, "ErrImagePull", "failed to pull and unpack image \"" + image + "\": failed to resolve reference \""
            + image + "\": " + image.substring(0, image.indexOf('/')) + ": not found");
        Thread.sleep(BACK_OFF_AFTER.toMillis());
        waitFor(pod, container, "ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
        return;
      }
      if (image.startsWith(SLOW_PULL)) {
        return; // still pulling, as far as anyone can tell
      }
      Optional<String> nonRoot = runAsNonRootRefusal(pod, container);
      if (nonRoot.isPresent()) {
        waitFor(pod, container, "CreateContainerConfigError", nonRoot.get());
        return;
      }
      Map<String, String> env = resolveEnv(pod, container);
      if (env == null) {
        return; // an object it cannot read: the kubelet keeps the container waiting
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

  private void waitFor(Pod pod, EphemeralContainer container, String reason, String message) {
    setState(pod, container, new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build());
  }

  /** The kubelet's check of runAsNonRoot against an image that runs as root (every image here). */
  private static Optional<String> runAsNonRootRefusal(Pod pod, EphemeralContainer container) {
    var podContext = pod.getSpec().getSecurityContext();
    var own = container.getSecurityContext();
    Boolean nonRoot = own != null && own.getRunAsNonRoot() != null ? own.getRunAsNonRoot()
        : podContext == null ? null : podContext.getRunAsNonRoot();
    Long user = own != null && own.getRunAsUser() != null ? own.getRunAsUser() : podContext == null ? null : podContext.getRunAsUser();
    if (!Boolean.TRUE.equals(nonRoot)) {
      return Optional.empty();
    }
    if (user == null) {
      return Optional.of("container has runAsNonRoot and image will run as root (pod: \"" + pod.getMetadata().getName() + "_"
          + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\", container: " + container.getName() + ")");
    }
    if (user == 0) {
      return Optional.of("container's runAsUser breaks non-root policy (pod: \"" + pod.getMetadata().getName() + "_"
          + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\", container: " + container.getName() + ")");
    }
    return Optional.empty();
  }

  /**
   * The container's environment with its references resolved, as far as the Node authorizer lets
   * the kubelet read them; null (and the container waiting) when it cannot.
   */
  private Map<String, String> resolveEnv(Pod pod, EphemeralContainer container) {
    // the kubelet resolves against the pod as it is now (with this container in its spec)
    Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    Pod seen = current == null ? pod : current;
    Map<String, String> env = new LinkedHashMap<>();
    for (var from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
      NodeAuthorizer.Kind kind = from.getSecretRef() != null ? NodeAuthorizer.Kind.SECRET : NodeAuthorizer.Kind.CONFIGMAP;
      String name = kind == NodeAuthorizer.Kind.SECRET ? from.getSecretRef().getName() : from.getConfigMapRef().getName();
      Map<String, String> data = read(seen, container, kind, name);
      if (data == null) {
        return null;
      }
      env.putAll(data);
    }
    for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), Optional.ofNullable(var.getValue()).orElse(""));
        continue;
      }
      var secretRef = var.getValueFrom().getSecretKeyRef();
      var configMapRef = var.getValueFrom().getConfigMapKeyRef();
      if (secretRef == null && configMapRef == null) {
        continue; // fieldRef / resourceFieldRef: nothing the tests use
      }
      NodeAuthorizer.Kind kind = secretRef != null ? NodeAuthorizer.Kind.SECRET : NodeAuthorizer.Kind.CONFIGMAP;
      String name = secretRef != null ? secretRef.getName() : configMapRef.getName();
      String key = secretRef != null ? secretRef.getKey() : configMapRef.getKey();
      Map<String, String> data = read(seen, container, kind, name);
      if (data == null) {
        return null;
      }
      if (!data.containsKey(key)) {
        waitFor(pod, container, "CreateContainerConfigError", "couldn't find key " + key + " in " + kind.word + " "
            + pod.getMetadata().getNamespace() + "/" + name);
        return null;
      }
      env.put(var.getName(), data.get(key));
    }
    return env;
  }

  /** The object's data (decoded), or null after writing why the container waits. */
  private Map<String, String> read(Pod pod, EphemeralContainer container, NodeAuthorizer.Kind kind, String name) {
    if (!NodeAuthorizer.mayRead(pod, kind, name, version.get())) {
      // the API server answers the kubelet 403 (no relationship found between node and this
      // object); its watch-based cache never syncs, and the container waits for good
      waitFor(pod, container, "CreateContainerConfigError", "failed to sync " + kind.word + " cache: timed out waiting for the condition");
      return null;
    }
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> data = new LinkedHashMap<>();
    if (kind == NodeAuthorizer.Kind.SECRET) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        waitFor(pod, container, "CreateContainerConfigError", "secret \"" + name + "\" not found");
        return null;
      }
      Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
      Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach(data::put);
    } else {
      var configMap = client.configMaps().inNamespace(namespace).withName(name).get();
      if (configMap == null) {
        waitFor(pod, container, "CreateContainerConfigError", "configmap \"" + name + "\" not found");
        return null;
      }
      data.putAll(Optional.ofNullable(configMap.getData()).orElse(Map.of()));
    }
    return data;
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
