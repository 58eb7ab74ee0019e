package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ProfileSession {@code record} creates: a generated name, the target, mode and duration. */
public final class SessionRequest {
  /** generateName adds five characters; a name is at most 63 (a label value). */
  private static final int PREFIX_LIMIT = 63 - 5;

  private SessionRequest() {}

  public static GenericKubernetesResource build(String namespace, ResolvedTarget target, String mode, String duration, Integer rate) {
    Map<String, Object> targetSpec = new LinkedHashMap<>();
    if (target.podName() != null) {
      targetSpec.put("podName", target.podName());
    } else {
      targetSpec.put("podSelector", target.selector());
    }
    if (target.container() != null) {
      targetSpec.put("container", target.container());
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("target", targetSpec);
    spec.put("mode", mode);
    spec.put("duration", duration);
    if (rate != null) {
      spec.put("rate", rate);
    }
    GenericKubernetesResource session = new GenericKubernetesResource();
    session.setApiVersion(Sessions.API_VERSION);
    session.setKind(Sessions.KIND);
    session.setMetadata(new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withGenerateName(generateName(target.target().name(), mode))
        .withLabels(Map.of("app.kubernetes.io/created-by", "kubectl-pyrometer"))
        .build());
    session.setAdditionalProperty("spec", spec);
    return session;
  }

  /** {@code <target>-<mode>-}, the target cut so the generated name stays a valid label. */
  static String generateName(String targetName, String mode) {
    String suffix = "-" + mode + "-";
    String base = targetName;
    if (base.length() + suffix.length() > PREFIX_LIMIT) {
      base = base.substring(0, PREFIX_LIMIT - suffix.length());
    }
    base = base.replaceAll("[.-]+$", "").replace('.', '-');
    return base + suffix;
  }
}
