package dev.pyrometer.operator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyrometer.operator.api.ArtifactStatus;
import dev.pyrometer.operator.api.ProfileSession;
import io.minio.GetObjectResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A session's artifacts: the list (from its status), and each file streamed from object storage
 * with the operator's credentials. Only files the status names can be read: the path never
 * becomes a storage key of the viewer's choosing.
 */
@Path("/console/api/v1/namespaces/{namespace}/profilesessions/{name}/artifacts")
public class ArtifactsApi {
  @Inject ConsoleAccess access;
  @Inject ClusterCatalog catalog;
  @Inject ArtifactStore store;
  @Inject ArtifactLinks links;
  @Inject ConsoleConfig config;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode list(@PathParam("namespace") String namespace, @PathParam("name") String name, @Context HttpHeaders headers) {
    Viewer viewer = access.viewer(headers);
    access.require(viewer, "get", ConsoleAccess.SESSIONS, namespace);
    ProfileSession session = session(namespace, name);
    ArrayNode items = ConsoleJson.array();
    for (ArtifactStatus a : artifacts(session)) {
      String path = a.pod() + "/" + a.name();
      items.add(ConsoleJson.artifactRow(a, link(namespace, name, path)));
    }
    ObjectNode out = ConsoleJson.object();
    out.set("items", items);
    return out;
  }

  @GET
  @Path("{pod}/{file}")
  public Response download(
      @PathParam("namespace") String namespace, @PathParam("name") String name, @PathParam("pod") String pod,
      @PathParam("file") String file, @QueryParam("ticket") String ticket, @Context HttpHeaders headers) {
    String path = pod + "/" + file;
    if (ticket == null || ticket.isBlank()) {
      Viewer viewer = access.viewer(headers);
      access.require(viewer, "get", ConsoleAccess.SESSIONS, namespace);
    } else if (!links.valid(ticket, namespace, name, path)) {
      throw ConsoleException.unauthenticated("this artifact link has expired or is not valid: open it again from the console");
    }
    ProfileSession session = session(namespace, name);
    ArtifactStatus artifact = artifacts(session).stream()
        .filter(a -> pod.equals(a.pod()) && file.equals(a.name()))
        .findFirst()
        .orElseThrow(() -> ConsoleException.notFound("session " + namespace + "/" + name + " has no artifact " + path));
    GetObjectResponse object = store.open(artifact.uri());
    String length = object.headers().get("Content-Length");
    StreamingOutput body = out -> {
      try (GetObjectResponse in = object) {
        in.transferTo(out);
      }
    };
    Response.ResponseBuilder response = Response.ok(body)
        .type(ArtifactKinds.contentType(file))
        .header("X-Content-Type-Options", "nosniff")
        // a report is the agent's page, not the console's: it runs in an origin of its own and
        // so cannot read the console's token
        .header("Content-Security-Policy", "sandbox allow-scripts allow-popups allow-downloads")
        .header("Cache-Control", "private, max-age=300")
        .header("Access-Control-Allow-Origin", speedscopeOrigin())
        .header("Vary", "Origin");
    if (length != null) {
      response.header("Content-Length", length);
    }
    if (artifact.sha256() != null) {
      response.header("ETag", "\"" + artifact.sha256() + "\"");
    }
    if (ArtifactKinds.download(file)) {
      response.header("Content-Disposition", "attachment; filename=\"" + pod + "-" + file.replace("\"", "") + "\"");
    }
    return response.build();
  }

  /** speedscope fetches the profile from its own origin: a CORS preflight may come first. */
  @OPTIONS
  @Path("{pod}/{file}")
  public Response preflight() {
    return Response.noContent()
        .header("Access-Control-Allow-Origin", speedscopeOrigin())
        .header("Access-Control-Allow-Methods", "GET")
        .header("Access-Control-Allow-Headers", "Authorization, " + ViewerTokens.TOKEN_HEADER)
        // Chrome's Private Network Access: speedscope.app (public) fetching a port-forward (local)
        .header("Access-Control-Allow-Private-Network", "true")
        .header("Access-Control-Max-Age", "600")
        .build();
  }

  private String speedscopeOrigin() {
    URI url = URI.create(config.speedscopeUrl());
    return url.getScheme() + "://" + url.getAuthority();
  }

  private String link(String namespace, String name, String path) {
    return "api/v1/namespaces/" + namespace + "/profilesessions/" + name + "/artifacts/" + path
        + "?ticket=" + URLEncoder.encode(links.ticket(namespace, name, path), StandardCharsets.UTF_8);
  }

  private ProfileSession session(String namespace, String name) {
    return catalog.session(namespace, name)
        .orElseThrow(() -> ConsoleException.notFound("no ProfileSession " + name + " in namespace " + namespace));
  }

  private static List<ArtifactStatus> artifacts(ProfileSession session) {
    return session.getStatus() == null ? List.of() : session.getStatus().getArtifacts();
  }
}
