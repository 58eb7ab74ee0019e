package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.Phase;
import dev.pyrometer.operator.api.ProfileSession;
import dev.pyrometer.operator.testing.Pods;
import dev.pyrometer.operator.testing.ScriptedAgent;
import dev.pyrometer.operator.testing.ScriptedAgent.Outcome;
import dev.pyrometer.operator.testing.SessionAssert;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator that stops mid-session (crash, rollout, lost leadership) and a new one that takes
 * over: the new one finds the profiler container the old one added, never adds a second one,
 * and completes the session.
 */
class OperatorRestartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path work;
  private final ScriptedAgent agent = new ScriptedAgent();
  private TestCluster cluster;
  private KubernetesClient client;
  private String ns;

  @BeforeEach
  void start() {
    cluster = TestCluster.start(work, agent);
    client = cluster.client();
    ns = cluster.newNamespace();
    Pods.create(client, Pods.running(ns, "web", Map.of(), "app"));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private long profilerContainers() {
    return client.pods().inNamespace(ns).withName("web").get().getSpec().getEphemeralContainers().stream()
        .map(EphemeralContainer::getName).filter(n -> n.startsWith("pyrometer-")).count();
  }

  @Test
  void aRestartedOperatorCompletesTheSessionWithoutASecondContainer() {
    agent.script(launch -> Outcome.succeeds().runningFor(Duration.ofSeconds(3)));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.PROFILING, TIMEOUT);

    cluster.stopOperator();
    org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(ns).withName("web").get()
        .getStatus().getEphemeralContainerStatuses().get(0).getState().getTerminated() != null);
    cluster.startOperator();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);
    assertThat(done.getStatus().getSamples()).isEqualTo(5970L);
    assertThat(profilerContainers()).isEqualTo(1);
    assertThat(agent.launches()).hasSize(1);
    assertThat(client.secrets().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void anOperatorThatAddedTheContainerButNeverWroteTheStatusIsNotRepeated() {
    agent.script(launch -> Outcome.succeeds().runningFor(Duration.ofSeconds(3)));
    ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
    SessionAssert.awaitPhase(client, session, Phase.PROFILING, TIMEOUT);

    // the old operator dies after adding the container and before its status write lands
    cluster.stopOperator();
    client.resources(ProfileSession.class).inNamespace(ns).withName("s").editStatus(s -> {
      s.setStatus(null);
      return s;
    });
    assertThat(client.resources(ProfileSession.class).inNamespace(ns).withName("s").get().getStatus()).isNull();
    cluster.startOperator();

    ProfileSession done = SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);
    assertThat(done.getStatus().getTargets()).singleElement().satisfies(t -> assertThat(t.pod()).isEqualTo("web"));
    assertThat(profilerContainers()).isEqualTo(1);
    assertThat(agent.launches()).hasSize(1);
  }

  @Test
  void aSecondReplicaWithoutTheLeaseWouldStillNotAddASecondContainer() {
    // two operators reconciling at once (leader election off) race for the same pod
    agent.script(launch -> Outcome.succeeds().runningFor(Duration.ofSeconds(1)));
    dev.pyrometer.operator.testing.OperatorUnderTest second =
        dev.pyrometer.operator.testing.OperatorUnderTest.start(cluster.api(), cluster.config());
    try {
      ProfileSession session = client.resource(Sessions.byPodName(ns, "s", "web")).create();
      SessionAssert.awaitPhase(client, session, Phase.SUCCEEDED, TIMEOUT);
      assertThat(profilerContainers()).isEqualTo(1);
      assertThat(agent.launches()).hasSize(1);
    } finally {
      second.close();
    }
  }
}
