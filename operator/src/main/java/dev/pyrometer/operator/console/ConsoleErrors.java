package dev.pyrometer.operator.console;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.jboss.logging.Logger;

/** Every console error as {@code {"error": "<one line>"}} with its status, never a stack trace. */
@Provider
public class ConsoleErrors implements ExceptionMapper<ConsoleException> {
  private static final Logger LOG = Logger.getLogger(ConsoleErrors.class);

  @Override
  public Response toResponse(ConsoleException e) {
    if (e.status() >= 500) {
      LOG.warnf("console: %d %s", e.status(), e.getMessage());
    }
    Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", e.getMessage()));
    if (e.status() == 401) {
      response.header("WWW-Authenticate", "Bearer realm=\"pyrometer\"");
    }
    return response.header("Cache-Control", "no-store").build();
  }
}
