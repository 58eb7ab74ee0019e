package dev.pyrometer.operator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** The session list and one session with its events (console API, /console/api/v1). */
@Path("/console/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsApi {
  @Inject ConsoleAccess access;
  @Inject ClusterCatalog catalog;
  @Inject SessionEvents events;

  @GET
  @Path("profilesessions")
  public JsonNode list(@QueryParam("namespace") String namespace, @Context HttpHeaders headers) {
    return VisibleNamespaces.listing(access, access.viewer(headers), ConsoleAccess.SESSIONS, namespace,
        catalog::sessions, ConsoleJson::sessionRow);
  }

  @GET
  @Path("namespaces/{namespace}/profilesessions/{name}")
  public JsonNode get(@PathParam("namespace") String namespace, @PathParam("name") String name, @Context HttpHeaders headers) {
    Viewer viewer = access.viewer(headers);
    access.require(viewer, "get", ConsoleAccess.SESSIONS, namespace);
    ProfileSession session = catalog.session(namespace, name)
        .orElseThrow(() -> ConsoleException.notFound("no ProfileSession " + name + " in namespace " + namespace));
    ObjectNode out = ConsoleJson.object();
    out.set("session", ConsoleJson.tree(session));
    try {
      out.set("events", ConsoleJson.tree(events.of(access.token(headers), namespace, "ProfileSession", name, session.getMetadata().getUid())));
    } catch (SessionEvents.Refused refused) {
      out.set("events", ConsoleJson.array());
      out.put("eventsError", refused.getMessage());
    }
    return out;
  }
}
