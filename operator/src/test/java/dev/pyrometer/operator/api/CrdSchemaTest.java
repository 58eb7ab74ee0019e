package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRD refuses bad sessions at the door, as a real API server would apply it (the operator's
 * own checks are a second line, see SpecValidatorTest).
 */
class CrdSchemaTest {
  private static final CrdSchema SCHEMA = CrdSchema.committed();

  private static String session(String spec) {
    return CrdSchema.manifest("ProfileSession", "checkout-slow", spec);
  }

  private static final String BY_NAME = "target: {podName: web-6f9c7d-2xk4q, container: app}\nmode: offcpu\nduration: 60s";

  @Test
  void acceptsTheIssuesExampleAndFillsInTheDefaults() {
    assertThat(SCHEMA.create(session(BY_NAME))).isEmpty();

    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) SCHEMA.defaulted(session("target: {podName: web}")).get("spec");
    assertThat(spec).containsEntry("mode", "cpu").containsEntry("duration", "30s").containsEntry("rate", 100L).containsEntry("startTimeout", "2m");
  }

  @Test
  void refusesADurationOutOfRangeOrNotADuration() {
    assertThat(SCHEMA.create(session("target: {podName: web}\nduration: 45m")))
        .containsExactly("spec.duration: Invalid value: \"string\": duration must be between 1s and 30m");
    assertThat(SCHEMA.create(session("target: {podName: web}\nduration: 500ms")))
        .containsExactly("spec.duration: Invalid value: \"string\": duration must be between 1s and 30m");
    assertThat(SCHEMA.create(session("target: {podName: web}\nduration: soon")))
        .containsExactly("spec.duration: Invalid value: \"soon\": spec.duration in body should match '^([0-9]+(ms|s|m|h))+$'");
    assertThat(SCHEMA.create(session("target: {podName: web}\nstartTimeout: 2h")))
        .containsExactly("spec.startTimeout: Invalid value: \"string\": startTimeout must be between 1s and 1h");
  }

  @Test
  void processesIsAutoOrAll() {
    assertThat(SCHEMA.create(session("target: {podName: web, processes: all}"))).isEmpty();
    assertThat(SCHEMA.create(session("target: {podName: web, processes: auto, processMatch: 'gunicorn'}"))).isEmpty();
    assertThat(SCHEMA.create(session("target: {podName: web, processes: busiest}")))
        .containsExactly("spec.target.processes: Unsupported value: \"busiest\": supported values: \"all\", \"auto\"");
  }

  @Test
  void refusesAnUnknownMode() {
    assertThat(SCHEMA.create(session("target: {podName: web}\nmode: gpu")))
        .containsExactly("spec.mode: Unsupported value: \"gpu\": supported values: \"cpu\", \"memory\", \"offcpu\", \"wall\"");
  }

  @Test
  void needsExactlyOneOfPodNameAndPodSelector() {
    String both = "target: {podName: web, podSelector: {matchLabels: {app: web}}}";
    assertThat(SCHEMA.create(session(both)))
        .containsExactly("spec.target: Invalid value: \"object\": set exactly one of target.podName and target.podSelector");
    assertThat(SCHEMA.create(session("target: {container: app}")))
        .containsExactly("spec.target: Invalid value: \"object\": set exactly one of target.podName and target.podSelector");
    assertThat(SCHEMA.create(session("mode: cpu"))).containsExactly("spec.target: Required value");
  }

  @Test
  void boundsMaxPodsAndAllowsItOnlyWithASelector() {
    assertThat(SCHEMA.create(session("target: {podSelector: {matchLabels: {app: web}}, maxPods: 20}"))).isEmpty();
    assertThat(SCHEMA.create(session("target: {podSelector: {matchLabels: {app: web}}, maxPods: 21}")))
        .containsExactly("spec.target.maxPods: Invalid value: 21: spec.target.maxPods in body should be less than or equal to 20");
    assertThat(SCHEMA.create(session("target: {podName: web, maxPods: 2}")))
        .containsExactly("spec.target: Invalid value: \"object\": target.maxPods applies only with target.podSelector");
  }

  @Test
  void refusesRatesBucketsAndFieldsItDoesNotKnow() {
    assertThat(SCHEMA.create(session("target: {podName: web}\nrate: 0")))
        .containsExactly("spec.rate: Invalid value: 0: spec.rate in body should be greater than or equal to 1");
    assertThat(SCHEMA.create(session("target: {podName: web}\nstorage: {bucket: My_Bucket}"))).singleElement()
        .asString().startsWith("spec.storage.bucket: Invalid value: \"My_Bucket\"");
    assertThat(SCHEMA.create(session("target: {podName: web}\nduraton: 60s"))).containsExactly("unknown field \"spec.duraton\"");
  }

  @Test
  void compareToNamesASessionAndCannotChange() {
    assertThat(SCHEMA.create(session(BY_NAME + "\ncompareTo: checkout-slow-1"))).isEmpty();
    assertThat(SCHEMA.create(session(BY_NAME + "\ncompareTo: Checkout_Slow"))).singleElement().asString()
        .startsWith("spec.compareTo: Invalid value: \"Checkout_Slow\"");
    assertThat(SCHEMA.update(session(BY_NAME + "\ncompareTo: a"), session(BY_NAME + "\ncompareTo: b")))
        .containsExactly("spec: Invalid value: \"object\": spec is immutable: create a new ProfileSession to profile again");
  }

  @Test
  void refusesAnEditOfTheSpecSayingToCreateANewSession() {
    String before = session(BY_NAME);
    String after = session(BY_NAME.replace("60s", "120s"));

    assertThat(SCHEMA.update(before, after))
        .containsExactly("spec: Invalid value: \"object\": spec is immutable: create a new ProfileSession to profile again");
  }

  @Test
  void acceptsReapplyingTheSameSpecAsGitOpsToolsDo() {
    // Argo CD and Flux re-apply the YAML from git on every sync; defaults make it equal again
    assertThat(SCHEMA.update(session("target: {podName: web}"), session("target: {podName: web}"))).isEmpty();
    assertThat(SCHEMA.update(session("target: {podName: web}"), session("target: {podName: web}\nmode: cpu\nduration: 30s"))).isEmpty();
  }
}
