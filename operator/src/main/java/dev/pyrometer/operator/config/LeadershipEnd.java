package dev.pyrometer.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jboss.logging.Logger;

/**
 * What a replica does when it stops leading. During the JVM's shutdown (the reconcilers are
 * already stopped: JOSDK stops its leader elector last) it releases the Lease, so a standby takes
 * over on its next try instead of after the lease duration; it never calls {@code System.exit}
 * there, which would wait for the running shutdown hooks forever. A lease lost while running (the
 * API server unreachable past the renew deadline, or another holder) still ends the process, as
 * JOSDK intends, so two replicas never reconcile at once: from a thread of its own, so that the
 * shutdown it starts can stop the elector that called here.
 */
final class LeadershipEnd {
  private static final Logger LOG = Logger.getLogger(LeadershipEnd.class);

  private final Config config;
  private final LeaseLock lock;

  /** @param client its configuration is kept: the client itself may be closed by the time of release */
  LeadershipEnd(KubernetesClient client, String namespace, String leaseName, String identity) {
    this.config = client.getConfiguration();
    this.lock = new LeaseLock(namespace, leaseName, identity);
  }

  void stoppedLeading() {
    LOG.infof("%s stopped leading", lock.identity());
    if (shuttingDown()) {
      release();
      return;
    }
    LOG.warnf("%s lost the lease %s: exiting so that only the new leader reconciles", lock.identity(), lock.describe());
    Thread exit = new Thread(() -> System.exit(1), "pyrometer-lost-lease-exit");
    exit.setDaemon(true);
    exit.start();
  }

  /**
   * Hands the lease back: an empty holder, which a standby may take at once (the lock writes with
   * a merge patch, so a null holder would be left out and the old one kept).
   */
  private void release() {
    // a client of its own: the application's may already be closing with the rest of the app
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !lock.identity().equals(current.getHolderIdentity())) {
        return; // not ours (any more): nothing to hand back
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      LeaderElectionRecord released =
          new LeaderElectionRecord("", Duration.ofSeconds(1), now, now, current.getLeaderTransitions());
      // the lock updates the Lease it just read, at that resourceVersion: a compare-and-swap
      lock.update(client, released);
      LOG.infof("%s released the lease %s on shutdown", lock.identity(), lock.describe());
    } catch (RuntimeException e) {
      LOG.warnf("could not release the lease %s on shutdown (%s): a standby takes over once it expires", lock.describe(), e.getMessage());
    }
  }

  /** True once the JVM runs its shutdown hooks: a hook can no longer be added then. */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }
}
