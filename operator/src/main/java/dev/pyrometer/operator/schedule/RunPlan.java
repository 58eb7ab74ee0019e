package dev.pyrometer.operator.schedule;

import dev.pyrometer.operator.status.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a schedule does now.
 *
 * @param runAt the cron time to start a session for, if one is due
 * @param replaceActive whether the active session is deleted first (Replace)
 * @param next the next cron time after now (empty while suspended)
 * @param events what to tell the user (missed runs, skipped runs)
 */
public record RunPlan(Optional<Instant> runAt, boolean replaceActive, Optional<Instant> next, List<SessionEvent> events) {}
