package dev.pyrometer.operator.ephemeral;

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
import java.util.Map;

/**
 * Builds the profiler's ephemeral container: a pure function of the session plan, with no client
 * calls. Its upload URLs come as {@link UploadDelivery} says: from the session's Secret where the
 * kubelet may read it, else inline (see there for the trade-off).
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
   * @param uploads how the URLs reach the container
   * @param uploadSecret with {@link UploadDelivery#SECRET}: the Secret whose keys are the upload
   *     env vars
   * @param urlByEnvVar the presigned URL of each artifact, by its upload env var
   */
  public EphemeralContainer create(
      SessionPlan plan,
      String session,
      String name,
      String targetContainer,
      UploadDelivery uploads,
      String uploadSecret,
      Map<String, String> urlByEnvVar) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName(SESSION_ENV).withValue(session).build());
    for (Map.Entry<String, String> upload : urlByEnvVar.entrySet()) {
      EnvVarBuilder var = new EnvVarBuilder().withName(upload.getKey());
      if (uploads == UploadDelivery.SECRET) {
        var.withNewValueFrom().withNewSecretKeyRef(upload.getKey(), uploadSecret, false).endValueFrom();
      } else {
        var.withValue(upload.getValue());
      }
      env.add(var.build());
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
