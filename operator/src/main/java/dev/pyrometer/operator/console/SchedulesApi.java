package dev.pyrometer.operator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyrometer.operator.api.ProfileSchedule;
import dev.pyrometer.operator.api.ProfileSession;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;

/** Schedules, and one schedule with its runs: the TOP of each run over time, the latest insight. */
@Path("/console/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesApi {
  @Inject ConsoleAccess access;
  @Inject ClusterCatalog catalog;

  @GET
  @Path("profileschedules")
  public JsonNode list(@QueryParam("namespace") String namespace, @Context HttpHeaders headers) {
    return VisibleNamespaces.listing(access, access.viewer(headers), ConsoleAccess.SCHEDULES, namespace,
        catalog::schedules, ConsoleJson::scheduleRow);
  }

  @GET
  @Path("namespaces/{namespace}/profileschedules/{name}")
  public JsonNode get(@PathParam("namespace") String namespace, @PathParam("name") String name, @Context HttpHeaders headers) {
    Viewer viewer = access.viewer(headers);
    access.require(viewer, "get", ConsoleAccess.SCHEDULES, namespace);
    ProfileSchedule schedule = catalog.schedule(namespace, name)
        .orElseThrow(() -> ConsoleException.notFound("no ProfileSchedule " + name + " in namespace " + namespace));
    ObjectNode out = ConsoleJson.object();
    out.set("schedule", ConsoleJson.tree(schedule));
    ArrayNode runs = ConsoleJson.array();
    // runs are sessions: shown only to a viewer who may read sessions there too
    if (access.allowed(viewer, "list", ConsoleAccess.SESSIONS, namespace)) {
      catalog.runsOf(namespace, name).stream()
          .sorted(Comparator.comparing((ProfileSession s) -> String.valueOf(s.getMetadata().getCreationTimestamp())))
          .forEach(s -> runs.add(ConsoleJson.runRow(s)));
    } else {
      out.put("runsError", viewer.username() + " may not list profilesessions in namespace " + namespace);
    }
    out.set("runs", runs);
    out.put("latestInsight", schedule.getStatus() == null ? null : schedule.getStatus().getLatestInsight());
    return out;
  }
}
