package dev.pyrometer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.generator.annotation.ValidationRule;

/** Which pods, which container in them, and which processes in that container. */
@ValidationRule(
    value = "has(self.podName) != has(self.podSelector)",
    message = "set exactly one of target.podName and target.podSelector")
@ValidationRule(
    value = "!has(self.maxPods) || has(self.podSelector)",
    message = "target.maxPods applies only with target.podSelector")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetSpec {
  @JsonPropertyDescription("The name of one pod in the session's namespace.")
  private String podName;

  @JsonPropertyDescription("Running pods with these labels, in the session's namespace.")
  private LabelSelector podSelector;

  @Min(1)
  @Max(20)
  @JsonPropertyDescription(
      "With podSelector: how many of the matching running pods to profile (default 1, at most"
          + " 20); the oldest are picked first.")
  private Integer maxPods;

  @JsonPropertyDescription(
      "The container whose processes are profiled; required when the pod has several.")
  private String container;

  @JsonPropertyDescription(
      "A regular expression matched against each process's command line: only matching Python"
          + " processes are candidates (default: every Python process in the container).")
  private String processMatch;

  @io.fabric8.generator.annotation.Default("auto")
  @JsonPropertyDescription(
      "Which candidates to profile. auto: the ones that matter for the mode (cpu, wall, offcpu:"
          + " the busiest program by CPU, a server's master and workers together; memory: the"
          + " largest process by resident memory); all: every candidate.")
  private Processes processes;

  public String getPodName() {
    return podName;
  }

  public void setPodName(String podName) {
    this.podName = podName;
  }

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public Integer getMaxPods() {
    return maxPods;
  }

  public void setMaxPods(Integer maxPods) {
    this.maxPods = maxPods;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public Processes getProcesses() {
    return processes;
  }

  public void setProcesses(Processes processes) {
    this.processes = processes;
  }

  public String getProcessMatch() {
    return processMatch;
  }

  public void setProcessMatch(String processMatch) {
    this.processMatch = processMatch;
  }
}
