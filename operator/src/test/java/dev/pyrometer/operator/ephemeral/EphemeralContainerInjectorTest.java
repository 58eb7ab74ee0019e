package dev.pyrometer.operator.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EphemeralContainerInjectorTest {
  @Test
  void recognisesPodSecurityAndWebhookDenials() {
    assertThat(EphemeralContainerInjector.isAdmissionDenial(
        "pods \"web\" is forbidden: violates PodSecurity \"baseline:latest\": privileged (container \"x\" must not set securityContext.privileged=true)")).isTrue();
    assertThat(EphemeralContainerInjector.isAdmissionDenial(
        "admission webhook \"validate.kyverno.svc-fail\" denied the request: policy block-ephemeral-containers")).isTrue();
    assertThat(EphemeralContainerInjector.isAdmissionDenial(
        "pods \"web\" is forbidden: User \"system:serviceaccount:pyrometer:operator\" cannot patch resource \"pods/ephemeralcontainers\"")).isFalse();
  }
}
