package dev.pyrometer.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void aBareNameIsAPodAndKubectlsSpellingsOfWorkloadsAreAccepted() {
    assertThat(Target.parse("checkout-6f9c7d-2xk4q")).isEqualTo(new Target(Target.Kind.POD, "checkout-6f9c7d-2xk4q"));
    assertThat(Target.parse("po/web-0")).isEqualTo(new Target(Target.Kind.POD, "web-0"));
    for (String spelling : new String[] {"deploy", "deployment", "deployments", "deployment.apps"}) {
      assertThat(Target.parse(spelling + "/checkout")).isEqualTo(new Target(Target.Kind.DEPLOYMENT, "checkout"));
    }
    for (String spelling : new String[] {"sts", "statefulset", "statefulsets.apps"}) {
      assertThat(Target.parse(spelling + "/db")).isEqualTo(new Target(Target.Kind.STATEFULSET, "db"));
    }
  }

  @Test
  void otherKindsAndInvalidNamesAreUsageErrorsNamingWhatIsAccepted() {
    assertThatThrownBy(() -> Target.parse("daemonset/agent")).isInstanceOfSatisfying(PluginException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(e.getMessage()).isEqualTo("cannot profile a \"daemonset\": name a pod, deploy/NAME or statefulset/NAME");
    });
    assertThatThrownBy(() -> Target.parse("Checkout_1")).isInstanceOfSatisfying(PluginException.class,
        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    assertThatThrownBy(() -> Target.parse("deploy/")).isInstanceOf(PluginException.class);
  }

  @Test
  void durationsAreTheCrdsAndTheGeneratedNameStaysALabel() {
    assertThat(Durations.sessionDuration("1m30s")).hasSeconds(90);
    assertThatThrownBy(() -> Durations.sessionDuration("31m")).hasMessage("--duration must be between 1s and 30m (got 31m)");
    assertThatThrownBy(() -> Durations.sessionDuration("30")).hasMessageContaining("is not a duration like 30s");
    String name = SessionRequest.generateName("a".repeat(80), "offcpu");
    assertThat(name).endsWith("-offcpu-").hasSize(58);
    assertThat(SessionRequest.generateName("checkout", "cpu")).isEqualTo("checkout-cpu-");
  }
}
