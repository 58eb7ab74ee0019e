package dev.pyrometer.operator.console;

import dev.pyrometer.operator.api.Mode;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileScheduleSpec;
import dev.pyrometer.operator.api.SessionTemplate;
import dev.pyrometer.operator.api.TargetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A nightly schedule of the demo checkout service, suspended so that it starts nothing itself. */
final class ScheduleExample {
  private ScheduleExample() {}

  static ProfileSchedule suspended(String namespace, String name) {
    ProfileSchedule schedule = new ProfileSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    ProfileScheduleSpec spec = new ProfileScheduleSpec();
    spec.setSchedule("0 3 * * *");
    spec.setSuspend(true);
    SessionTemplate template = new SessionTemplate();
    TargetSpec target = new TargetSpec();
    target.setPodName("checkout-6f9c7d-2xk4q");
    target.setContainer("app");
    template.setTarget(target);
    template.setMode(Mode.OFFCPU);
    template.setDuration("60s");
    spec.setTemplate(template);
    schedule.setSpec(spec);
    return schedule;
  }
}
