package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a schedule did and will do: written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileScheduleStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("The cron time of the latest run that started a session (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("The next cron time (RFC 3339); unset while suspended or invalid.")
  private String nextScheduleTime;

  @JsonPropertyDescription("When the latest successful session completed (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("The latest successful session's name.")
  private String lastSuccessfulSession;

  @JsonPropertyDescription("The session still running, if any.")
  private String activeSession;

  @JsonPropertyDescription(
      "The latest successful session compared with the successful one before it: the largest change.")
  private String latestInsight;

  @JsonPropertyDescription("Ready (Scheduled, Suspended or InvalidSchedule) and Stalled.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getLastSuccessfulSession() {
    return lastSuccessfulSession;
  }

  public void setLastSuccessfulSession(String lastSuccessfulSession) {
    this.lastSuccessfulSession = lastSuccessfulSession;
  }

  public String getActiveSession() {
    return activeSession;
  }

  public void setActiveSession(String activeSession) {
    this.activeSession = activeSession;
  }

  public String getLatestInsight() {
    return latestInsight;
  }

  public void setLatestInsight(String latestInsight) {
    this.latestInsight = latestInsight;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProfileScheduleStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(lastScheduleTime, s.lastScheduleTime)
        && Objects.equals(nextScheduleTime, s.nextScheduleTime)
        && Objects.equals(lastSuccessfulTime, s.lastSuccessfulTime)
        && Objects.equals(lastSuccessfulSession, s.lastSuccessfulSession)
        && Objects.equals(activeSession, s.activeSession)
        && Objects.equals(latestInsight, s.latestInsight)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, lastScheduleTime, nextScheduleTime, activeSession);
  }
}
