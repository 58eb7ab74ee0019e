package dev.pyrometer.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Lease-based leader election, so that two replicas can run and only one reconciles; on in the
 * prod profile (quarkus.operator-sdk.activate-leader-election-for-profiles).
 */
@Singleton
public class OperatorLease extends LeaderElectionConfiguration {
  public static final String LEASE_NAME = "pyrometer-operator-lease";

  public OperatorLease() {
    super(LEASE_NAME);
  }
}
