package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Node authorizer's answer to "may the kubelet running this pod read Secret (or ConfigMap) X?":
 * yes when the pod refers to X, where "refers" is what the authorizer's graph follows in the
 * simulated version. Before 1.33 the graph is built from the pod as created and not updated for
 * containers added through {@code pods/ephemeralcontainers} (kubernetes/kubernetes#114984).
 */
final class NodeAuthorizer {
  private NodeAuthorizer() {}

  enum Kind {
    SECRET("secret"),
    CONFIGMAP("configmap");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  static boolean mayRead(Pod pod, Kind kind, String name, KubernetesVersion version) {
    return references(pod, kind, version.nodeMayReadObjectsOfEphemeralContainers()).contains(name);
  }

  /** The names of the objects of {@code kind} the pod refers to. */
  static Set<String> references(Pod pod, Kind kind, boolean withEphemeralContainers) {
    Set<String> names = new TreeSet<>();
    var spec = pod.getSpec();
    List<Container> containers = new ArrayList<>();
    containers.addAll(Optional.ofNullable(spec.getContainers()).orElse(List.of()));
    containers.addAll(Optional.ofNullable(spec.getInitContainers()).orElse(List.of()));
    for (Container c : containers) {
      envReferences(c.getEnv(), c.getEnvFrom(), kind, names);
    }
    if (withEphemeralContainers) {
      Optional.ofNullable(spec.getEphemeralContainers()).orElse(List.of())
          .forEach(c -> envReferences(c.getEnv(), c.getEnvFrom(), kind, names));
    }
    for (Volume v : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
      if (kind == Kind.SECRET && v.getSecret() != null) {
        names.add(v.getSecret().getSecretName());
      }
      if (kind == Kind.CONFIGMAP && v.getConfigMap() != null) {
        names.add(v.getConfigMap().getName());
      }
      if (v.getProjected() != null) {
        for (VolumeProjection p : Optional.ofNullable(v.getProjected().getSources()).orElse(List.of())) {
          if (kind == Kind.SECRET && p.getSecret() != null) {
            names.add(p.getSecret().getName());
          }
          if (kind == Kind.CONFIGMAP && p.getConfigMap() != null) {
            names.add(p.getConfigMap().getName());
          }
        }
      }
    }
    if (kind == Kind.SECRET) {
      Optional.ofNullable(spec.getImagePullSecrets()).orElse(List.of()).stream()
          .map(LocalObjectReference::getName).forEach(names::add);
    }
    return names;
  }

  private static void envReferences(List<EnvVar> env, List<EnvFromSource> envFrom, Kind kind, Set<String> names) {
    for (EnvVar var : Optional.ofNullable(env).orElse(List.of())) {
      if (var.getValueFrom() == null) {
        continue;
      }
      if (kind == Kind.SECRET && var.getValueFrom().getSecretKeyRef() != null) {
        names.add(var.getValueFrom().getSecretKeyRef().getName());
      }
      if (kind == Kind.CONFIGMAP && var.getValueFrom().getConfigMapKeyRef() != null) {
        names.add(var.getValueFrom().getConfigMapKeyRef().getName());
      }
    }
    for (EnvFromSource from : Optional.ofNullable(envFrom).orElse(List.of())) {
      Stream.of(kind == Kind.SECRET ? Optional.ofNullable(from.getSecretRef()).map(r -> r.getName()).orElse(null)
              : Optional.ofNullable(from.getConfigMapRef()).map(r -> r.getName()).orElse(null))
          .filter(n -> n != null)
          .forEach(names::add);
    }
  }
}
