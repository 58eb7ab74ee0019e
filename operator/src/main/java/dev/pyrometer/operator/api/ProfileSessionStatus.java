package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What happened to a session: written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileSessionStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Profiling, Succeeded or Failed.")
  private Phase phase;

  @JsonPropertyDescription("Why the session is in its phase, CamelCase (e.g. PodSecurityRejected).")
  private String reason;

  @JsonPropertyDescription("A sentence for humans about the phase.")
  private String message;

  @JsonPropertyDescription("When the profiler containers were requested (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the session reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("The target pod (the first one, and how many more) for display.")
  private String target;

  @JsonPropertyDescription("Stack samples taken over all target processes.")
  private Long samples;

  @JsonPropertyDescription("Memory sessions: Python objects found over all target processes.")
  private Long objects;

  @JsonPropertyDescription("Memory sessions: the bytes of those objects.")
  private Long bytes;

  @JsonPropertyDescription(
      "What was collected, in the mode's terms: \"12,345 samples\", or \"58,210 objects, 12.3 MiB\".")
  private String collected;

  @JsonPropertyDescription(
      "The headline: the hottest or most blocking code location, or for memory what holds the"
          + " most (module.variable (type) size).")
  private String top;

  @JsonPropertyDescription(
      "With spec.compareTo (set by a ProfileSchedule to its previous successful session): the"
          + " largest change since that session, or why it was not compared.")
  private String insight;

  @JsonPropertyDescription("One entry per target pod.")
  private List<TargetStatus> targets = new ArrayList<>();

  @JsonPropertyDescription(
      "Where the artifacts are (s3:// URIs and sizes); the main report comes first.")
  private List<ArtifactStatus> artifacts = new ArrayList<>();

  @JsonPropertyDescription("Ready, Reconciling and Stalled, as kstatus and Flux read them.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonIgnore
  public boolean isTerminal() {
    return phase != null && phase.isTerminal();
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public Long getSamples() {
    return samples;
  }

  public void setSamples(Long samples) {
    this.samples = samples;
  }

  public Long getObjects() {
    return objects;
  }

  public void setObjects(Long objects) {
    this.objects = objects;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public String getCollected() {
    return collected;
  }

  public void setCollected(String collected) {
    this.collected = collected;
  }

  public String getTop() {
    return top;
  }

  public void setTop(String top) {
    this.top = top;
  }

  public String getInsight() {
    return insight;
  }

  public void setInsight(String insight) {
    this.insight = insight;
  }

  public List<TargetStatus> getTargets() {
    return targets;
  }

  public void setTargets(List<TargetStatus> targets) {
    this.targets = targets;
  }

  public List<ArtifactStatus> getArtifacts() {
    return artifacts;
  }

  public void setArtifacts(List<ArtifactStatus> artifacts) {
    this.artifacts = artifacts;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProfileSessionStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && phase == s.phase
        && Objects.equals(reason, s.reason)
        && Objects.equals(message, s.message)
        && Objects.equals(startTime, s.startTime)
        && Objects.equals(completionTime, s.completionTime)
        && Objects.equals(target, s.target)
        && Objects.equals(samples, s.samples)
        && Objects.equals(objects, s.objects)
        && Objects.equals(bytes, s.bytes)
        && Objects.equals(collected, s.collected)
        && Objects.equals(top, s.top)
        && Objects.equals(insight, s.insight)
        && Objects.equals(targets, s.targets)
        && Objects.equals(artifacts, s.artifacts)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, reason, message, target, samples, top);
  }
}
