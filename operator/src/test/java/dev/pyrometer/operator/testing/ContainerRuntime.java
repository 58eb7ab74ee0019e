package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the test kubelet uses to run an ephemeral container: a real agent, or a scripted one. */
public interface ContainerRuntime {

  /**
   * Starts the container; the future completes when it exits.
   *
   * @param launch everything the kubelet resolved for it
   */
  Running start(Launch launch) throws Exception;

  /**
   * A container to start, as the kubelet resolved it.
   *
   * @param pod the pod it runs in
   * @param container its spec
   * @param args its args, with the termination log path pointed at {@code terminationLog}
   * @param env its environment, Secret references resolved
   * @param terminationLog the host file that stands for the container's terminationMessagePath
   */
  record Launch(Pod pod, EphemeralContainer container, List<String> args, Map<String, String> env, Path terminationLog) {}

  /** A started container. */
  interface Running {
    /** Completes with the exit code. */
    CompletableFuture<Integer> exit();

    /** Kills it, as the kubelet does when its pod is deleted. */
    void kill();
  }
}
