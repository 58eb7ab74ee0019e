package dev.pyrometer.operator.testing;

import dev.pyrometer.operator.api.AgentSpec;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.api.ProfileSessionSpec;
import dev.pyrometer.operator.api.TargetSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.function.Consumer;

/** ProfileSessions as a user would write them. */
public final class Sessions {
  private Sessions() {}

  public static ProfileSession byPodName(String namespace, String name, String pod) {
    TargetSpec target = new TargetSpec();
    target.setPodName(pod);
    return session(namespace, name, target);
  }

  public static ProfileSession bySelector(String namespace, String name, Map<String, String> labels, int maxPods) {
    TargetSpec target = new TargetSpec();
    target.setPodSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    target.setMaxPods(maxPods);
    return session(namespace, name, target);
  }

  private static ProfileSession session(String namespace, String name, TargetSpec target) {
    ProfileSessionSpec spec = new ProfileSessionSpec();
    spec.setTarget(target);
    spec.setMode(Mode.OFFCPU);
    spec.setDuration("2s");
    spec.setStartTimeout("20s");
    ProfileSession session = new ProfileSession();
    session.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    session.setSpec(spec);
    return session;
  }

  /** Changes the spec in place and returns the session, for one-line variations. */
  public static ProfileSession with(ProfileSession session, Consumer<ProfileSessionSpec> change) {
    change.accept(session.getSpec());
    return session;
  }

  public static AgentSpec agent(boolean privileged, String image) {
    AgentSpec agent = new AgentSpec();
    agent.setPrivileged(privileged);
    agent.setImage(image);
    return agent;
  }
}
