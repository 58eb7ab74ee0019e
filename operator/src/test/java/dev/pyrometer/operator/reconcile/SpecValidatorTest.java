package dev.pyrometer.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.ProfileSessionSpec;
import dev.pyrometer.operator.api.StorageSpec;
import dev.pyrometer.operator.status.Reason;
import dev.pyrometer.operator.status.SessionFailure;
import dev.pyrometer.operator.testing.Sessions;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private final SpecValidator validator = new SpecValidator(TestingOperatorConfig.forStorage("http://s3:9000"));

  private static ProfileSessionSpec minimal() {
    ProfileSessionSpec spec = Sessions.byPodName("shop", "s", "web").getSpec();
    spec.setMode(null);
    spec.setDuration(null);
    spec.setStartTimeout(null);
    return spec;
  }

  private static ProfileSessionSpec minimal(Consumer<ProfileSessionSpec> change) {
    ProfileSessionSpec spec = minimal();
    change.accept(spec);
    return spec;
  }

  private void assertInvalid(ProfileSessionSpec spec, String message) {
    assertThatThrownBy(() -> validator.validate(spec))
        .isInstanceOf(SessionFailure.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((SessionFailure) e).reason()).isEqualTo(Reason.InvalidSpec));
  }

  @Test
  void fillsInTheDefaultsOfTheIssueAndTheOperatorConfig() {
    SessionPlan plan = validator.validate(minimal());

    assertThat(plan.podName()).isEqualTo("web");
    assertThat(plan.maxPods()).isEqualTo(1);
    assertThat(plan.mode()).isEqualTo(Mode.CPU);
    assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.rate()).isEqualTo(100);
    assertThat(plan.startTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(plan.privileged()).isTrue();
    assertThat(plan.image()).isEqualTo(TestingOperatorConfig.AGENT_IMAGE);
    assertThat(plan.bucket()).isEqualTo(TestingOperatorConfig.BUCKET);
    assertThat(plan.prefix()).isEqualTo("sessions");
    assertThat(plan.container()).isNull();
    assertThat(plan.processMatch()).isNull();
    assertThat(plan.processes()).as("the agent chooses the processes that matter").isEqualTo(dev.pyrometer.operator.api.Processes.AUTO);
  }

  @Test
  void keepsWhatTheSessionSets() {
    SessionPlan plan = validator.validate(minimal(spec -> {
      spec.setMode(Mode.WALL);
      spec.setDuration("30m");
      spec.setRate(1000);
      spec.setAgent(Sessions.agent(false, "my/agent:1"));
      StorageSpec storage = new StorageSpec();
      storage.setBucket("team-bucket");
      storage.setPrefix("");
      spec.setStorage(storage);
    }));

    assertThat(plan.duration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(plan.rate()).isEqualTo(1000);
    assertThat(plan.privileged()).isFalse();
    assertThat(plan.image()).isEqualTo("my/agent:1");
    assertThat(plan.bucket()).isEqualTo("team-bucket");
    assertThat(plan.prefix()).isEmpty();
  }

  @Test
  void refusesBothOrNeitherTarget() {
    assertInvalid(minimal(spec -> spec.getTarget().setPodName(null)), "set exactly one of spec.target.podName and spec.target.podSelector");
    assertInvalid(
        minimal(spec -> spec.getTarget().setPodSelector(Sessions.bySelector("shop", "s", Map.of("a", "b"), 1).getSpec().getTarget().getPodSelector())),
        "set exactly one of spec.target.podName and spec.target.podSelector");
  }

  @Test
  void refusesMaxPodsOutOfRangeOrWithoutASelector() {
    assertInvalid(minimal(spec -> spec.getTarget().setMaxPods(2)), "spec.target.maxPods applies only with spec.target.podSelector");
    ProfileSessionSpec tooMany = Sessions.bySelector("shop", "s", Map.of("app", "web"), 21).getSpec();
    assertInvalid(tooMany, "spec.target.maxPods must be between 1 and 20");
  }

  @Test
  void refusesDurationsRatesAndTimeoutsOutOfRange() {
    assertInvalid(minimal(spec -> spec.setDuration("31m")), "spec.duration must be between 1s and 30m, not 31m");
    assertInvalid(minimal(spec -> spec.setDuration("500ms")), "spec.duration must be between 1s and 30m, not 500ms");
    assertInvalid(minimal(spec -> spec.setDuration("soon")), "spec.duration: 'soon' is not a duration like 30s, 5m or 1m30s");
    assertInvalid(minimal(spec -> spec.setRate(0)), "spec.rate must be between 1 and 1000 Hz, not 0");
    assertInvalid(minimal(spec -> spec.setStartTimeout("2h")), "spec.startTimeout must be between 1s and 1h, not 2h");
  }

  @Test
  void refusesAProcessMatchThatIsNoRegex() {
    assertThatThrownBy(() -> validator.validate(minimal(spec -> spec.getTarget().setProcessMatch("[unclosed"))))
        .hasMessageStartingWith("spec.target.processMatch is not a regular expression");
  }

  @Test
  void refusesABucketNameS3WouldRefuse() {
    StorageSpec storage = new StorageSpec();
    storage.setBucket("My_Bucket");
    assertInvalid(minimal(spec -> spec.setStorage(storage)), "spec.storage.bucket 'My_Bucket' is not an S3 bucket name");
  }

  @Test
  void refusesAMissingTarget() {
    assertInvalid(new ProfileSessionSpec(), "spec.target is required");
    assertInvalid(null, "spec.target is required");
  }
}
