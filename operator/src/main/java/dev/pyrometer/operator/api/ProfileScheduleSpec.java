package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * When to profile and what: CronJob's fields, with sessions in place of Jobs. Editable in place;
 * an edit applies from the next run on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileScheduleSpec {
  /** What CEL can check of a cron expression: a macro, or five fields of cron characters. */
  public static final String CRON_RULE =
      "self.matches('^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
          + "|[0-9A-Za-z*?,/-]+( +[0-9A-Za-z*?,/-]+){4})$')";

  @Required
  @ValidationRule(
      value = CRON_RULE,
      message =
          "schedule must be a Unix cron expression of five fields (minute hour day-of-month month"
              + " day-of-week) or one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly,"
              + " @annually; set the time zone in timeZone")
  @JsonPropertyDescription(
      "When to run, in Unix cron format (e.g. \"0 3 * * *\") or a macro (@hourly, @daily,"
          + " @weekly, @monthly, @yearly), as a CronJob's schedule.")
  private String schedule;

  @JsonPropertyDescription(
      "The IANA time zone the schedule is read in, e.g. Europe/Berlin; the operator's (UTC) when"
          + " unset. An unknown name stops the schedule with the InvalidSchedule condition.")
  private String timeZone;

  @Required
  @ValidationRule(
      value = "!has(self.compareTo)",
      message = "leave template.compareTo unset: a schedule compares each run with its previous successful session")
  @JsonPropertyDescription(
      "The spec of every session the schedule creates (a ProfileSession spec). Edits apply from"
          + " the next run on. Each session's compareTo is set to the schedule's previous successful"
          + " session of the same mode.")
  private SessionTemplate template;

  @Default("Forbid")
  @JsonPropertyDescription(
      "When a run is due while the previous session is still active: Forbid skips the run,"
          + " Replace deletes the active session and starts the new one. There is no Allow: two"
          + " profilers on one pod cost two permanent ephemeral containers.")
  private ConcurrencyPolicy concurrencyPolicy;

  @Default("false")
  @JsonPropertyDescription("Stops new runs; sessions already started go on.")
  private Boolean suspend;

  @Min(0)
  @JsonPropertyDescription(
      "How late (seconds) a run may still start, e.g. after the operator was down or a Forbid"
          + " skip; older missed runs are skipped. Without it, more than 100 missed runs only start"
          + " the latest one, with a TooManyMissedTimes warning, as a CronJob does.")
  private Long startingDeadlineSeconds;

  @Default("3")
  @Min(0)
  @JsonPropertyDescription("How many succeeded sessions to keep (older ones are deleted).")
  private Integer successfulSessionsHistoryLimit;

  @Default("1")
  @Min(0)
  @JsonPropertyDescription("How many failed sessions to keep (older ones are deleted).")
  private Integer failedSessionsHistoryLimit;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public SessionTemplate getTemplate() {
    return template;
  }

  public void setTemplate(SessionTemplate template) {
    this.template = template;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public Integer getSuccessfulSessionsHistoryLimit() {
    return successfulSessionsHistoryLimit;
  }

  public void setSuccessfulSessionsHistoryLimit(Integer successfulSessionsHistoryLimit) {
    this.successfulSessionsHistoryLimit = successfulSessionsHistoryLimit;
  }

  public Integer getFailedSessionsHistoryLimit() {
    return failedSessionsHistoryLimit;
  }

  public void setFailedSessionsHistoryLimit(Integer failedSessionsHistoryLimit) {
    this.failedSessionsHistoryLimit = failedSessionsHistoryLimit;
  }
}
