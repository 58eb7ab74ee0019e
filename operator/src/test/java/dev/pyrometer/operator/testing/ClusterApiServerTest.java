package dev.pyrometer.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated API server keeps the real one's rules where the tests depend on them. */
class ClusterApiServerTest {

  /**
   * A pod's status is written by several hands (the kubelet reports each container as it changes):
   * an update from a stale read is refused, so that whoever wrote it reads again and nothing
   * written in between is lost. Fabric8's CRUD store alone takes such an update.
   */
  @Test
  void aStatusUpdateFromAStaleReadIsAConflict() {
    try (ClusterApiServer api = ClusterApiServer.start()) {
      KubernetesClient client = api.client();
      api.createNamespace("shop", Map.of());
      Pods.create(client, Pods.running("shop", "web", Map.of(), "app"));
      Pod read = client.pods().inNamespace("shop").withName("web").get();

      Pod first = Serialization.clone(read);
      first.getStatus().setMessage("first");
      client.pods().resource(first).updateStatus();
      Pod stale = Serialization.clone(read);
      stale.getStatus().setMessage("second, from the same read");

      assertThatThrownBy(() -> client.pods().resource(stale).updateStatus())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      assertThat(client.pods().inNamespace("shop").withName("web").get().getStatus().getMessage()).isEqualTo("first");
    }
  }
}
