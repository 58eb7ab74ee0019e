package dev.pyrometer.operator.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.contract.Artifact;
import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.reconcile.SessionPlan;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EphemeralContainerFactoryTest {
  private final EphemeralContainerFactory factory = new EphemeralContainerFactory("IfNotPresent", "/tmp/pyrometer");

  private static SessionPlan plan(Mode mode, boolean privileged, String processMatch) {
    return new SessionPlan("web", null, 1, "app", processMatch, mode, Duration.ofSeconds(90), 250, privileged,
        "ghcr.io/pyrometer/pyrometer-agent:0.1.0", "profiles", "sessions", Duration.ofMinutes(2));
  }

  @Test
  void recordsWithTheSessionsModeDurationAndRate() {
    assertThat(AgentArguments.of(plan(Mode.OFFCPU, true, null), "/tmp/out"))
        .containsExactly("record", "--mode", "offcpu", "--duration", "1m30s", "--rate", "250",
            "--processes", "auto",
            "--output", "/tmp/out", "--upload-from-env", "--termination-log", "/dev/termination-log");
  }

  @Test
  void spreadsHeapSnapshotsOverTheDurationInMemoryModeAndPassesTheProcessChoice() {
    // 90 s: six snapshots (the most), 18 s apart, the last at the end of the session
    assertThat(AgentArguments.of(plan(Mode.MEMORY, true, "gunicorn: worker .*"), "/tmp/out"))
        .containsExactly("heap", "--snapshots", "6", "--interval", "18s", "--match", "gunicorn: worker .*",
            "--processes", "auto", "--output", "/tmp/out", "--upload-from-env",
            "--termination-log", "/dev/termination-log");
  }

  @Test
  void passesProcessesAllWhenTheSpecSaysAll() {
    SessionPlan p = plan(Mode.WALL, true, null);
    SessionPlan all = new SessionPlan(p.podName(), null, 1, "app", null, dev.pyrometer.operator.api.Processes.ALL,
        Mode.WALL, p.duration(), p.rate(), true, p.image(), p.bucket(), p.prefix(), p.startTimeout());
    assertThat(AgentArguments.of(all, "/tmp/out")).containsSequence("--processes", "all");
  }

  @Test
  void targetsTheContainerAndWritesItsSummaryToTheTerminationLog() {
    EphemeralContainer c = factory.create(plan(Mode.CPU, true, null), "shop/checkout", "pyrometer-1a2b3c4d", "app", UploadDelivery.SECRET,
        "pyrometer-1a2b3c4d-99887766", URLS);

    assertThat(c.getName()).isEqualTo("pyrometer-1a2b3c4d");
    assertThat(c.getTargetContainerName()).isEqualTo("app");
    assertThat(c.getImage()).isEqualTo("ghcr.io/pyrometer/pyrometer-agent:0.1.0");
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(c.getCommand()).as("the image's entrypoint is the launcher").isNullOrEmpty();
    assertThat(c.getResources()).as("ephemeral containers may not set resources").isNull();
    assertThat(c.getPorts()).isNullOrEmpty();
  }

  private static final Map<String, String> URLS = urls();

  private static Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put(Artifact.FLAMEGRAPH.uploadEnvVar(), "http://s3/profiles/flamegraph.html?X-Amz-Signature=f");
    urls.put(Artifact.SUMMARY.uploadEnvVar(), "http://s3/profiles/summary.json?X-Amz-Signature=s");
    return urls;
  }

  @Test
  void withSecretDeliveryReferencesTheUploadUrlsInTheSecretAndNeverCarriesThem() {
    EphemeralContainer c = factory.create(plan(Mode.CPU, true, null), "shop/checkout", "pyrometer-1a2b3c4d", "app", UploadDelivery.SECRET,
        "the-secret", URLS);

    assertThat(c.getEnv()).extracting(EnvVar::getName)
        .containsExactly("PYROMETER_SESSION", "PYROMETER_UPLOAD_FLAMEGRAPH_HTML", "PYROMETER_UPLOAD_SUMMARY_JSON");
    assertThat(c.getEnv().get(0).getValue()).isEqualTo("shop/checkout");
    assertThat(c.getEnv().subList(1, 3)).allSatisfy(e -> {
      assertThat(e.getValue()).isNull();
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("the-secret");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
      assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
    });
  }

  @Test
  void withInlineDeliveryCarriesTheUrlsAndRefersToNoObject() {
    EphemeralContainer c = factory.create(plan(Mode.CPU, true, null), "shop/checkout", "pyrometer-1a2b3c4d", "app", UploadDelivery.INLINE,
        "the-secret", URLS);

    assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
        org.assertj.core.groups.Tuple.tuple("PYROMETER_SESSION", "shop/checkout"),
        org.assertj.core.groups.Tuple.tuple("PYROMETER_UPLOAD_FLAMEGRAPH_HTML", URLS.get("PYROMETER_UPLOAD_FLAMEGRAPH_HTML")),
        org.assertj.core.groups.Tuple.tuple("PYROMETER_UPLOAD_SUMMARY_JSON", URLS.get("PYROMETER_UPLOAD_SUMMARY_JSON")));
    assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).isNull());
    assertThat(c.getEnvFrom()).isNullOrEmpty();
  }

  @Test
  void isPrivilegedByDefaultAndOnlyAddsSysPtraceOtherwise() {
    EphemeralContainer privileged = factory.create(plan(Mode.CPU, true, null), "s", "n", "app", UploadDelivery.INLINE, "x", Map.of());
    EphemeralContainer ptrace = factory.create(plan(Mode.CPU, false, null), "s", "n", "app", UploadDelivery.INLINE, "x", Map.of());

    assertThat(privileged.getSecurityContext().getPrivileged()).isTrue();
    assertThat(privileged.getSecurityContext().getCapabilities()).isNull();
    assertThat(ptrace.getSecurityContext().getPrivileged()).isNull();
    assertThat(ptrace.getSecurityContext().getCapabilities().getAdd()).containsExactly("SYS_PTRACE");
  }
}
