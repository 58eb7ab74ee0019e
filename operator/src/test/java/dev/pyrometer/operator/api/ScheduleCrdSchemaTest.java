package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ProfileSchedule CRD's schema and CEL rules as a real API server applies them (CrdSchema):
 * cron text CEL can check, limits ≥ 0, the session rules inside the template, and edits in place.
 * The time zone and the full cron grammar are the operator's (InvalidSchedule, see
 * CronScheduleTest and ProfileScheduleIT).
 */
class ScheduleCrdSchemaTest {
  private static final CrdSchema SCHEMA = CrdSchema.committed(ProfileScheduleCrd.FILE_NAME);

  private static String schedule(String spec) {
    return CrdSchema.manifest("ProfileSchedule", "checkout-nightly", spec);
  }

  private static final String TEMPLATE = "template: {target: {podSelector: {matchLabels: {app: checkout}}}, mode: offcpu, duration: 60s}";

  private static String withSchedule(String cron) {
    return schedule("schedule: \"" + cron + "\"\n" + TEMPLATE);
  }

  @Test
  void acceptsCronAndMacrosAndFillsInCronJobsDefaults() {
    for (String cron : new String[] {"0 3 * * *", "*/15 9-17 * * 1-5", "0 0 1 JAN,JUL *", "@hourly", "@daily", "@weekly", "@midnight"}) {
      assertThat(SCHEMA.create(withSchedule(cron))).as(cron).isEmpty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) SCHEMA.defaulted(withSchedule("@daily")).get("spec");
    assertThat(spec).containsEntry("concurrencyPolicy", "Forbid").containsEntry("suspend", false)
        .containsEntry("successfulSessionsHistoryLimit", 3L).containsEntry("failedSessionsHistoryLimit", 1L)
        .doesNotContainKey("startingDeadlineSeconds");
  }

  @Test
  void refusesWhatIsNotACronExpression() {
    String message = "spec.schedule: Invalid value: \"string\": schedule must be a Unix cron expression of five fields"
        + " (minute hour day-of-month month day-of-week) or one of @hourly, @daily, @midnight, @weekly, @monthly,"
        + " @yearly, @annually; set the time zone in timeZone";
    assertThat(SCHEMA.create(withSchedule("* * * *"))).containsExactly(message);
    assertThat(SCHEMA.create(withSchedule("0 0 * * * *"))).containsExactly(message);
    assertThat(SCHEMA.create(withSchedule("CRON_TZ=UTC 0 3 * * *"))).containsExactly(message);
    assertThat(SCHEMA.create(withSchedule("@every 5m"))).containsExactly(message);
    assertThat(SCHEMA.create(withSchedule("nightly"))).containsExactly(message);
    assertThat(SCHEMA.create(schedule(TEMPLATE))).containsExactly("spec.schedule: Required value");
  }

  @Test
  void refusesNegativeLimitsAndDeadlinesAndAllow() {
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\nsuccessfulSessionsHistoryLimit: -1\n" + TEMPLATE)))
        .containsExactly("spec.successfulSessionsHistoryLimit: Invalid value: -1: spec.successfulSessionsHistoryLimit in body should be greater than or equal to 0");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\nfailedSessionsHistoryLimit: -2\n" + TEMPLATE)))
        .containsExactly("spec.failedSessionsHistoryLimit: Invalid value: -2: spec.failedSessionsHistoryLimit in body should be greater than or equal to 0");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\nstartingDeadlineSeconds: -5\n" + TEMPLATE)))
        .containsExactly("spec.startingDeadlineSeconds: Invalid value: -5: spec.startingDeadlineSeconds in body should be greater than or equal to 0");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\nsuccessfulSessionsHistoryLimit: 0\nfailedSessionsHistoryLimit: 0\n" + TEMPLATE))).isEmpty();
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\nconcurrencyPolicy: Allow\n" + TEMPLATE)))
        .containsExactly("spec.concurrencyPolicy: Unsupported value: \"Allow\": supported values: \"Forbid\", \"Replace\"");
  }

  @Test
  void theTemplateKeepsTheSessionsOwnRules() {
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\ntemplate: {target: {podName: web}, duration: 45m}")))
        .containsExactly("spec.template.duration: Invalid value: \"string\": duration must be between 1s and 30m");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\ntemplate: {target: {podName: web, podSelector: {matchLabels: {app: web}}}}")))
        .containsExactly("spec.template.target: Invalid value: \"object\": set exactly one of target.podName and target.podSelector");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'"))).containsExactly("spec.template: Required value");
    assertThat(SCHEMA.create(schedule("schedule: '@daily'\ntemplate: {target: {podName: web}, compareTo: nightly-1}")))
        .containsExactly("spec.template: Invalid value: \"object\": leave template.compareTo unset: a schedule compares"
            + " each run with its previous successful session");
  }

  @Test
  void isEditedInPlaceUnlikeASession() {
    String before = withSchedule("0 3 * * *");
    String after = schedule("schedule: \"0 4 * * *\"\ntimeZone: Europe/Berlin\nsuspend: true\n"
        + TEMPLATE.replace("60s", "120s").replace("offcpu", "wall"));

    assertThat(SCHEMA.update(before, after)).isEmpty();
  }
}
