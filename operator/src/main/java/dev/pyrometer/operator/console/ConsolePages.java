package dev.pyrometer.operator.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * The console's pages: one HTML page, its script and style (plain files under
 * resources/console-pages, no build step). They hold no data: the script asks the API with the
 * viewer's token.
 */
@Path("/console")
public class ConsolePages {
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");

  /** The page; {@code /console} without its slash is sent to {@code console/} so relative links work. */
  @GET
  public Response index(@Context UriInfo uri) {
    if (!uri.getRequestUri().getRawPath().endsWith("/")) {
      return Response.status(Response.Status.FOUND).header("Location", "console/").build();
    }
    return file("index.html");
  }

  @GET
  @Path("{file}")
  public Response file(@PathParam("file") String file) {
    String type = FILES.get(file);
    InputStream in = type == null ? null : ConsolePages.class.getResourceAsStream("/console-pages/" + file);
    if (in == null) {
      throw ConsoleException.notFound("no console page " + file);
    }
    return Response.ok(in)
        .type(type)
        .header("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-cache")
        .build();
  }
}
