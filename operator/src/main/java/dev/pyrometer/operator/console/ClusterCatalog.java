package dev.pyrometer.operator.console;

import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import java.util.List;
import java.util.Optional;

/** The sessions and schedules the operator knows, as the console lists them. */
public interface ClusterCatalog {

  /** Every session, or those of one namespace (null: all). */
  List<ProfileSession> sessions(String namespace);

  Optional<ProfileSession> session(String namespace, String name);

  List<ProfileSchedule> schedules(String namespace);

  Optional<ProfileSchedule> schedule(String namespace, String name);

  /** The sessions a schedule created (labelled with its name), in its namespace. */
  default List<ProfileSession> runsOf(String namespace, String schedule) {
    return sessions(namespace).stream()
        .filter(s -> s.getMetadata().getLabels() != null
            && schedule.equals(s.getMetadata().getLabels().get(ProfileSchedule.SCHEDULE_LABEL)))
        .toList();
  }
}
