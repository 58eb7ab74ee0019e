package dev.pyrometer.operator.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The console API's JSON shapes (console API contract, /console/api/v1), written with the
 * Kubernetes model's own serialization so objects read as the API server returns them.
 */
public final class ConsoleJson {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ConsoleJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
    return SERIALIZATION.convertValue(value, com.fasterxml.jackson.databind.JsonNode.class);
  }

  /** One row of the session list. */
  public static ObjectNode sessionRow(ProfileSession s) {
    ObjectNode row = object();
    row.put("namespace", s.getMetadata().getNamespace());
    row.put("name", s.getMetadata().getName());
    var status = s.getStatus();
    row.put("phase", status == null || status.getPhase() == null ? null : status.getPhase().value());
    row.put("mode", s.getSpec() == null || s.getSpec().getMode() == null ? null : s.getSpec().getMode().value());
    String target = status != null && status.getTarget() != null ? status.getTarget()
        : s.getSpec() != null && s.getSpec().getTarget() != null ? s.getSpec().getTarget().getPodName() : null;
    row.put("target", target);
    row.put("top", status == null ? null : status.getTop());
    row.put("creationTimestamp", s.getMetadata().getCreationTimestamp());
    row.put("startTime", status == null ? null : status.getStartTime());
    row.put("completionTime", status == null ? null : status.getCompletionTime());
    row.put("samples", status == null ? null : status.getSamples());
    // additions beyond the contract's fields
    row.put("collected", status == null ? null : status.getCollected());
    row.put("reason", status == null ? null : status.getReason());
    row.put("schedule", s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(ProfileSchedule.SCHEDULE_LABEL));
    return row;
  }

  /** One row of the schedule list. */
  public static ObjectNode scheduleRow(ProfileSchedule s) {
    ObjectNode row = object();
    row.put("namespace", s.getMetadata().getNamespace());
    row.put("name", s.getMetadata().getName());
    row.put("schedule", s.getSpec() == null ? null : s.getSpec().getSchedule());
    row.put("suspend", s.getSpec() != null && Boolean.TRUE.equals(s.getSpec().getSuspend()));
    var status = s.getStatus();
    row.put("lastScheduleTime", status == null ? null : status.getLastScheduleTime());
    row.put("nextScheduleTime", status == null ? null : status.getNextScheduleTime());
    row.put("activeSession", status == null ? null : status.getActiveSession());
    row.put("latestInsight", status == null ? null : status.getLatestInsight());
    row.put("creationTimestamp", s.getMetadata().getCreationTimestamp());
    return row;
  }

  /** One run of a schedule, for its TOP-over-time table. */
  public static ObjectNode runRow(ProfileSession s) {
    ObjectNode row = object();
    var status = s.getStatus();
    row.put("name", s.getMetadata().getName());
    row.put("phase", status == null || status.getPhase() == null ? null : status.getPhase().value());
    row.put("top", status == null ? null : status.getTop());
    row.put("creationTimestamp", s.getMetadata().getCreationTimestamp());
    row.put("scheduledTime", s.getMetadata().getAnnotations() == null ? null
        : s.getMetadata().getAnnotations().get(ProfileSchedule.SCHEDULED_TIME_ANNOTATION));
    row.put("insight", status == null ? null : status.getInsight());
    row.put("samples", status == null ? null : status.getSamples());
    row.put("collected", status == null ? null : status.getCollected());
    return row;
  }

  /** One artifact, with its download path ({@code <pod>/<name>}) and a link usable without a token. */
  public static ObjectNode artifactRow(ArtifactStatus a, String link) {
    ObjectNode row = object();
    row.put("pod", a.pod());
    row.put("name", a.name());
    row.put("bytes", a.bytes());
    row.put("sha256", a.sha256());
    row.put("contentType", ArtifactKinds.contentType(a.name()));
    row.put("path", a.pod() + "/" + a.name());
    row.put("link", link);
    return row;
  }
}
