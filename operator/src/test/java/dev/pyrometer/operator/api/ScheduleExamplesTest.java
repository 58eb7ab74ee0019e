package dev.pyrometer.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.operator.reconcile.SpecValidator;
import dev.pyrometer.operator.schedule.CronSchedule;
import dev.pyrometer.operator.testing.TestingOperatorConfig;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * examples/profileschedule.yaml reads into the api classes, passes the CRD schema, has a cron
 * expression and time zone the operator reads, and a template the session validator accepts.
 */
class ScheduleExamplesTest {
  @Test
  void theExampleScheduleIsValidAndNamespaceFree() throws IOException {
    Path file = ProfileSessionCrd.repositoryRoot().resolve("examples/profileschedule.yaml");
    String yaml = Files.readString(file);

    ProfileSchedule schedule = Serialization.unmarshal(yaml, ProfileSchedule.class);

    assertThat(schedule.getMetadata().getNamespace()).as("applied in the pods' namespace").isNull();
    assertThat(CrdSchema.committed(ProfileScheduleCrd.FILE_NAME).create(yaml)).isEmpty();
    CronSchedule.parse(schedule.getSpec().getSchedule(), schedule.getSpec().getTimeZone());
    assertThat(new SpecValidator(TestingOperatorConfig.forStorage("http://s3")).validate(schedule.getSpec().getTemplate()).mode())
        .isEqualTo(Mode.OFFCPU);
  }
}
