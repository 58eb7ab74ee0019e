package dev.pyrometer.operator.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EphemeralContainerNamesTest {
  @Test
  void derivesTheSameDnsLabelFromTheSameUidEveryTime() {
    String uid = "6b1c3f4e-0d2a-4c55-9d0e-2f8c1b7a9e10";

    assertThat(EphemeralContainerNames.containerName(uid))
        .isEqualTo(EphemeralContainerNames.containerName(uid))
        .matches("pyrometer-[0-9a-f]{8}");
  }

  @Test
  void tellsApartUidsThatShareTheirFirstDigits() {
    // UIDs are opaque: some servers number them, so their first digits say nothing
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(EphemeralContainerNames.containerName(new UUID(0, i).toString()));
    }
    assertThat(names).hasSize(1000);
  }

  @Test
  void namesOneUploadSecretPerSessionAndPod() {
    assertThat(EphemeralContainerNames.uploadSecretName("session-uid", "pod-a"))
        .isNotEqualTo(EphemeralContainerNames.uploadSecretName("session-uid", "pod-b"))
        .startsWith(EphemeralContainerNames.containerName("session-uid") + "-");
  }

  @Test
  void refusesAMissingUid() {
    assertThatThrownBy(() -> EphemeralContainerNames.containerName(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
