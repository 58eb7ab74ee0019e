package dev.pyrometer.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * ProfileSessions on a cron schedule, as a CronJob makes Jobs: each run is a new session owned by
 * the schedule, compared with the previous successful one.
 */
@Group(ProfileSession.GROUP)
@Version(ProfileSession.VERSION)
@Kind("ProfileSchedule")
@Plural("profileschedules")
@Singular("profileschedule")
@ShortNames("profsched")
@Categories("profiling")
@AdditionalPrinterColumn(name = "SCHEDULE", jsonPath = ".spec.schedule", type = Type.STRING)
@AdditionalPrinterColumn(name = "SUSPEND", jsonPath = ".spec.suspend", type = Type.BOOLEAN)
@AdditionalPrinterColumn(name = "LAST", jsonPath = ".status.lastScheduleTime", type = Type.DATE)
@AdditionalPrinterColumn(name = "NEXT", jsonPath = ".status.nextScheduleTime", type = Type.STRING)
@AdditionalPrinterColumn(name = "INSIGHT", jsonPath = ".status.latestInsight", type = Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
    name = "ACTIVE",
    jsonPath = ".status.activeSession",
    type = Type.STRING,
    priority = 1)
public class ProfileSchedule extends CustomResource<ProfileScheduleSpec, ProfileScheduleStatus>
    implements Namespaced {
  /** The label every session of a schedule carries: the schedule's name. */
  public static final String SCHEDULE_LABEL = "pyrometer.dev/schedule";
  /** The annotation with the cron time a session was made for (RFC 3339). */
  public static final String SCHEDULED_TIME_ANNOTATION = "pyrometer.dev/scheduled-time";
}
