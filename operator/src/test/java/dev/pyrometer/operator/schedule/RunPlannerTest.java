package dev.pyrometer.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.api.ConcurrencyPolicy;
import dev.pyrometer.operator.api.ProfileScheduleSpec;
import dev.pyrometer.operator.status.SessionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** CronJob's rules for when a run starts (kubernetes pkg/controller/cronjob, v2 controller). */
class RunPlannerTest {
  private static final CronSchedule EVERY_5 = CronSchedule.parse("*/5 * * * *", null);
  private static final Instant CREATED = Instant.parse("2026-12-02T10:01:00Z");

  private static ProfileScheduleSpec spec(ConcurrencyPolicy policy, Long deadline, boolean suspend) {
    ProfileScheduleSpec spec = new ProfileScheduleSpec();
    spec.setSchedule("*/5 * * * *");
    spec.setConcurrencyPolicy(policy);
    spec.setStartingDeadlineSeconds(deadline);
    spec.setSuspend(suspend);
    return spec;
  }

  private static Instant at(String hhmmss) {
    return Instant.parse("2026-12-02T" + hhmmss + "Z");
  }

  @Test
  void runsAtTheCronTimeOnceAndWaitsForTheNext() {
    ProfileScheduleSpec spec = spec(ConcurrencyPolicy.FORBID, null, false);

    assertThat(RunPlanner.plan(EVERY_5, spec, null, CREATED, at("10:04:59"), false).runAt()).isEmpty();
    RunPlan due = RunPlanner.plan(EVERY_5, spec, null, CREATED, at("10:05:00"), false);
    assertThat(due.runAt()).contains(at("10:05:00"));
    assertThat(due.next()).contains(at("10:10:00"));
    // once it ran (lastScheduleTime), the same time does not run again
    assertThat(RunPlanner.plan(EVERY_5, spec, at("10:05:00"), CREATED, at("10:07:00"), false).runAt()).isEmpty();
  }

  @Test
  void aScheduleDoesNotRunTimesBeforeItWasCreated() {
    assertThat(RunPlanner.plan(EVERY_5, spec(null, null, false), null, CREATED, at("10:02:00"), false).runAt()).isEmpty();
  }

  @Test
  void ofManyMissedTimesOnlyTheLatestRuns() {
    RunPlan plan = RunPlanner.plan(EVERY_5, spec(null, null, false), at("10:05:00"), CREATED, at("10:32:00"), false);
    assertThat(plan.runAt()).contains(at("10:30:00"));
    assertThat(plan.events()).isEmpty();
  }

  @Test
  void moreThan100MissedTimesWithoutADeadlineWarnsAsCronJobDoes() {
    // 101 five-minute slots after 10:05
    Instant now = at("10:05:00").plusSeconds(101 * 300 + 30);
    RunPlan plan = RunPlanner.plan(EVERY_5, spec(null, null, false), at("10:05:00"), CREATED, now, false);

    assertThat(plan.runAt()).contains(at("10:05:00").plusSeconds(101 * 300));
    assertThat(plan.events()).extracting(SessionEvent::reason).containsExactly("TooManyMissedTimes");
    assertThat(plan.events().get(0).warning()).isTrue();
  }

  @Test
  void missedTimesOlderThanTheStartingDeadlineAreSkipped() {
    ProfileScheduleSpec spec = spec(null, 60L, false);

    // 10:10 and 10:15 were missed; at 10:17 neither is within 60 s
    RunPlan late = RunPlanner.plan(EVERY_5, spec, at("10:05:00"), CREATED, at("10:17:00"), false);
    assertThat(late.runAt()).isEmpty();
    assertThat(late.events()).extracting(SessionEvent::reason).containsExactly("MissedSchedule");
    assertThat(late.events().get(0).message()).startsWith("2 run(s) missed their starting deadline of 60s");
    // at 10:15:45 the 10:15 run is still within its deadline
    assertThat(RunPlanner.plan(EVERY_5, spec, at("10:05:00"), CREATED, at("10:15:45"), false).runAt()).contains(at("10:15:00"));
  }

  @Test
  void forbidWaitsForTheActiveSessionAndReplaceReplacesIt() {
    RunPlan forbid = RunPlanner.plan(EVERY_5, spec(ConcurrencyPolicy.FORBID, null, false), at("10:05:00"), CREATED, at("10:10:05"), true);
    assertThat(forbid.runAt()).isEmpty();
    assertThat(forbid.events()).extracting(SessionEvent::reason).containsExactly("SessionAlreadyActive");
    assertThat(forbid.next()).contains(at("10:15:00"));

    RunPlan replace = RunPlanner.plan(EVERY_5, spec(ConcurrencyPolicy.REPLACE, null, false), at("10:05:00"), CREATED, at("10:10:05"), true);
    assertThat(replace.runAt()).contains(at("10:10:00"));
    assertThat(replace.replaceActive()).isTrue();

    // without an active session Replace has nothing to replace
    assertThat(RunPlanner.plan(EVERY_5, spec(ConcurrencyPolicy.REPLACE, null, false), at("10:05:00"), CREATED, at("10:10:05"), false)
        .replaceActive()).isFalse();
  }

  @Test
  void aSkippedForbidRunStartsLateWhenTheSessionEndsWithinTheDeadline() {
    ProfileScheduleSpec spec = spec(ConcurrencyPolicy.FORBID, 120L, false);
    // the 10:10 run waited for the active session, which ended at 10:11
    assertThat(RunPlanner.plan(EVERY_5, spec, at("10:05:00"), CREATED, at("10:11:00"), false).runAt()).contains(at("10:10:00"));
    // had it ended at 10:13, the 10:10 run is past its deadline
    assertThat(RunPlanner.plan(EVERY_5, spec, at("10:05:00"), CREATED, at("10:13:00"), false).runAt()).isEmpty();
  }

  @Test
  void suspendedSchedulesNeitherRunNorHaveANextTime() {
    RunPlan plan = RunPlanner.plan(EVERY_5, spec(null, null, true), at("10:05:00"), CREATED, at("10:20:00"), false);
    assertThat(plan.runAt()).isEmpty();
    assertThat(plan.next()).isEmpty();
  }
}
