package dev.pyrometer.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** Waits for a session's phase, and on a timeout fails with the whole session as YAML. */
public final class SessionAssert {
  private SessionAssert() {}

  /** Waits for Succeeded or Failed, whichever comes. */
  public static ProfileSession awaitTerminal(KubernetesClient client, ProfileSession session, Duration timeout) {
    AtomicReference<ProfileSession> last = new AtomicReference<>();
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        ProfileSession now = client.resources(ProfileSession.class).inNamespace(session.getMetadata().getNamespace())
            .withName(session.getMetadata().getName()).get();
        last.set(now);
        return now != null && now.getStatus() != null && now.getStatus().getPhase() != null && now.getStatus().getPhase().isTerminal();
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("session " + session.getMetadata().getName() + " did not end within " + timeout + "; it is now:\n"
          + (last.get() == null ? "(gone)" : Serialization.asYaml(last.get())), e);
    }
    return last.get();
  }

  public static ProfileSession awaitPhase(KubernetesClient client, ProfileSession session, Phase phase, Duration timeout) {
    AtomicReference<ProfileSession> last = new AtomicReference<>();
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        ProfileSession now = client.resources(ProfileSession.class).inNamespace(session.getMetadata().getNamespace())
            .withName(session.getMetadata().getName()).get();
        last.set(now);
        return now != null && now.getStatus() != null && now.getStatus().getPhase() == phase;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "session " + session.getMetadata().getName() + " did not reach " + phase.value() + " within " + timeout
              + "; it is now:\n" + (last.get() == null ? "(gone)" : Serialization.asYaml(last.get())), e);
    }
    return last.get();
  }
}
