package dev.pyrometer.operator.reconcile;

import dev.pyrometer.operator.api.ProfileSessionStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one workflow step.
 *
 * @param status the session's new status
 * @param recheckIn when to look again if no event comes first; empty once terminal
 */
public record SessionUpdate(ProfileSessionStatus status, Optional<Duration> recheckIn) {}
