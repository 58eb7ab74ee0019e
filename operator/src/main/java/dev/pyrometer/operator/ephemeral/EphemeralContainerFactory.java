package dev.pyrometer.operator.ephemeral;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.operator.reconcile.SessionPlan;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the profiler's ephemeral container: a pure function of the session plan, with no client
 * calls. Upload URLs are bearer capabilities and a pod spec is permanent, so the container only
 * references them in the session's Secret.
 */
public final class EphemeralContainerFactory {
  /** Set on the container so that the agent's own logs can name the session. */
  public static final String SESSION_ENV = "PYROMETER_SESSION";

  private final String imagePullPolicy;
  private final String outputDir;

  public EphemeralContainerFactory(String imagePullPolicy, String outputDir) {
    this.imagePullPolicy = imagePullPolicy;
    this.outputDir = outputDir;
  }

  /**
   * @param session {@code namespace/name}, for the agent's logs
   * @param name the container name ({@link EphemeralContainerNames#containerName})
   * @param targetContainer the container whose PID namespace the profiler joins
   * @param uploadSecret the Secret whose keys are the artifacts' upload env vars
   * @param artifacts the artifacts that have an upload URL in that Secret
   */
  public EphemeralContainer create(
      SessionPlan plan,
      String session,
      String name,
      String targetContainer,
      String uploadSecret,
      List<Artifact> artifacts) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName(SESSION_ENV).withValue(session).build());
    for (Artifact artifact : artifacts) {
      env.add(
          new EnvVarBuilder()
              .withName(artifact.uploadEnvVar())
              .withNewValueFrom()
              .withNewSecretKeyRef(artifact.uploadEnvVar(), uploadSecret, false)
              .endValueFrom()
              .build());
    }
    return new EphemeralContainerBuilder()
        .withName(name)
        .withImage(plan.image())
        .withImagePullPolicy(imagePullPolicy)
        .withArgs(AgentArguments.of(plan, outputDir))
        .withEnv(env)
        .withTargetContainerName(targetContainer)
        .withSecurityContext(securityContext(plan.privileged()))
        .withTerminationMessagePath(AgentArguments.TERMINATION_LOG)
        .withTerminationMessagePolicy("File")
        .withStdin(false)
        .withTty(false)
        .build();
  }

  /**
   * Privileged like {@code kubectl debug --profile=sysadmin}, or only SYS_PTRACE (what reading
   * another process's memory needs) like {@code --profile=general}.
   */
  static SecurityContext securityContext(boolean privileged) {
    if (privileged) {
      return new SecurityContextBuilder().withPrivileged(true).build();
    }
    return new SecurityContextBuilder()
        .withCapabilities(new CapabilitiesBuilder().withAdd("SYS_PTRACE").build())
        .build();
  }
}
