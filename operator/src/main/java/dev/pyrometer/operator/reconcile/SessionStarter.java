package dev.pyrometer.operator.reconcile;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.TargetStatus;
import dev.pyrometer.operator.ephemeral.EphemeralContainerFactory;
import dev.pyrometer.operator.ephemeral.EphemeralContainerInjector;
import dev.pyrometer.operator.ephemeral.EphemeralContainerNames;
import dev.pyrometer.operator.ephemeral.UploadDelivery;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.storage.ObjectKeys;
import dev.pyrometer.operator.storage.UploadPlan;
import dev.pyrometer.operator.storage.UploadPresigner;
import dev.pyrometer.operator.storage.UploadSecrets;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a session on its resolved target pods: presigns the upload URLs, hands them to the
 * profiler container as the cluster allows ({@link UploadDelivery}: a Secret per pod, or inline),
 * and adds the container. A pod that refuses the container fails on its own;
 * the others go ahead.
 */
public final class SessionStarter {
  private final UploadPresigner presigner;
  private final UploadSecrets secrets;
  private final EphemeralContainerFactory factory;
  private final EphemeralContainerInjector injector;
  private final Supplier<UploadDelivery> delivery;
  private final Duration uploadUrlMargin;

  /**
   * @param delivery how upload URLs may reach a profiler container on this cluster (asked once per
   *     session start: the cluster may be upgraded under a running operator)
   * @param uploadUrlMargin how long after startTimeout + duration the URLs stay valid: at most the
   *     time the session gives a profiler to finish, so no URL outlives the session's deadline
   */
  public SessionStarter(
      UploadPresigner presigner,
      UploadSecrets secrets,
      EphemeralContainerFactory factory,
      EphemeralContainerInjector injector,
      Supplier<UploadDelivery> delivery,
      Duration uploadUrlMargin) {
    this.presigner = presigner;
    this.secrets = secrets;
    this.factory = factory;
    this.injector = injector;
    this.delivery = delivery;
    this.uploadUrlMargin = uploadUrlMargin;
  }

  /** @return one status per target: Pending when its container was added, else Failed */
  public List<TargetStatus> start(
      ProfileSession session, SessionPlan plan, List<ResolvedTarget> targets) {
    return start(session, plan, targets, Map.of());
  }

  /**
   * @param baseUrls the profiler's variables with the base session's profiles (spec.compareTo),
   *     delivered as the upload URLs are
   */
  public List<TargetStatus> start(
      ProfileSession session, SessionPlan plan, List<ResolvedTarget> targets, Map<String, String> baseUrls) {
    String uid = session.getMetadata().getUid();
    String containerName = EphemeralContainerNames.containerName(uid);
    List<TargetStatus> started = new ArrayList<>();
    UploadDelivery uploads = targets.isEmpty() ? UploadDelivery.INLINE : delivery.get();
    for (ResolvedTarget target : targets) {
      try {
        String secretName = EphemeralContainerNames.uploadSecretName(uid, target.podUid());
        List<Artifact> artifacts = UploadPlan.artifactsFor(plan.mode(), !baseUrls.isEmpty());
        Map<String, String> urls = uploadUrls(session, plan, target, artifacts);
        urls.putAll(baseUrls);
        if (uploads == UploadDelivery.SECRET) {
          secrets.ensure(UploadSecrets.build(session, secretName, urls));
        }
        EphemeralContainer container =
            factory.create(
                plan,
                session.getMetadata().getNamespace() + "/" + session.getMetadata().getName(),
                containerName,
                target.container(),
                uploads,
                secretName,
                urls);
        injector.inject(target.pod(), container);
        started.add(
            TargetStatus.requested(
                target.podName(), target.podUid(), target.container(), containerName));
      } catch (SessionFailure refused) {
        started.add(
            TargetStatus.requested(target.podName(), target.podUid(), target.container(), containerName)
                .withPhase(Phase.FAILED, refused.reason().name(), refused.getMessage()));
      }
    }
    return started;
  }

  /** How long a presigned URL of this session stays valid. */
  Duration urlExpiry(SessionPlan plan) {
    return plan.startTimeout().plus(plan.duration()).plus(uploadUrlMargin);
  }

  private Map<String, String> uploadUrls(
      ProfileSession session, SessionPlan plan, ResolvedTarget target, List<Artifact> artifacts) {
    // valid while the container may still be starting, sampling, then rendering and uploading
    Duration expiry = urlExpiry(plan);
    Map<String, String> urls = new LinkedHashMap<>();
    for (Artifact artifact : artifacts) {
      String key =
          ObjectKeys.key(
              plan.prefix(),
              session.getMetadata().getNamespace(),
              session.getMetadata().getName(),
              session.getMetadata().getUid(),
              target.podName(),
              artifact.fileName());
      urls.put(artifact.uploadEnvVar(), presigner.presignPut(plan.bucket(), key, expiry));
    }
    return urls;
  }
}
