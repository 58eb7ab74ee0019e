package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a target before a session is created, so that a typo is one line now instead of a
 * Failed session later: the pod or workload exists, the container is one of its containers (or
 * the only one, or the pod's {@code kubectl.kubernetes.io/default-container}), and a workload has
 * a running pod.
 */
public final class TargetResolver {
  static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  private final Kube kube;

  public TargetResolver(Kube kube) {
    this.kube = kube;
  }

  public ResolvedTarget resolve(Target target, String container) {
    try {
      return switch (target.kind()) {
        case POD -> pod(target, container);
        case DEPLOYMENT -> {
          Deployment d = kube.client().apps().deployments().inNamespace(kube.namespace()).withName(target.name()).get();
          if (d == null) {
            throw notFound(target);
          }
          yield workload(target, d.getSpec().getSelector(), d.getSpec().getTemplate(), container);
        }
        case STATEFULSET -> {
          StatefulSet s = kube.client().apps().statefulSets().inNamespace(kube.namespace()).withName(target.name()).get();
          if (s == null) {
            throw notFound(target);
          }
          yield workload(target, s.getSpec().getSelector(), s.getSpec().getTemplate(), container);
        }
      };
    } catch (KubernetesClientException e) {
      throw kube.failure("cannot look up " + target, e);
    }
  }

  private ResolvedTarget pod(Target target, String container) {
    Pod pod = kube.client().pods().inNamespace(kube.namespace()).withName(target.name()).get();
    if (pod == null) {
      throw notFound(target);
    }
    String chosen = container(target, pod.getMetadata(), pod.getSpec().getContainers(), container);
    return new ResolvedTarget(target, target.name(), null, chosen);
  }

  private ResolvedTarget workload(Target target, LabelSelector selector, PodTemplateSpec template, String container) {
    if (selector == null || (empty(selector.getMatchLabels()) && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
      throw PluginException.usage(target + " has no pod selector");
    }
    String chosen = container(target, template.getMetadata(), template.getSpec().getContainers(), container);
    List<Pod> pods = kube.client().pods().inNamespace(kube.namespace()).withLabelSelector(selector).list().getItems();
    boolean running = pods.stream().anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
        && p.getMetadata().getDeletionTimestamp() == null);
    if (!running) {
      throw PluginException.notFound(target + " has no running pod in namespace " + kube.namespace()
          + (pods.isEmpty() ? "" : " (" + pods.size() + " pods, none Running)"));
    }
    return new ResolvedTarget(target, null, selector, chosen);
  }

  /** kubectl's rule: -c if given, else the only container, else the default-container annotation. */
  private String container(Target target, ObjectMeta meta, List<Container> containers, String requested) {
    List<String> names = containers.stream().map(Container::getName).toList();
    if (requested != null) {
      if (!names.contains(requested)) {
        throw PluginException.notFound(target + " has no container \"" + requested + "\" (containers: " + String.join(", ", names) + ")");
      }
      return requested;
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    Optional<String> annotated = Optional.ofNullable(meta).map(ObjectMeta::getAnnotations).map(a -> a.get(DEFAULT_CONTAINER))
        .filter(names::contains);
    return annotated.orElseThrow(() -> PluginException.usage(
        target + " has several containers (" + String.join(", ", names) + "): choose one with -c CONTAINER"));
  }

  private PluginException notFound(Target target) {
    return PluginException.notFound(target.kind().word() + " \"" + target.name() + "\" not found in namespace " + kube.namespace());
  }

  private static boolean empty(Map<String, String> map) {
    return map == null || map.isEmpty();
  }
}
