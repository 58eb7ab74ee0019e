package dev.pyrometer.operator.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** With {@code pyrometer.console.enabled=false} nothing under /console exists. */
@Provider
@PreMatching
public class ConsoleGate implements ContainerRequestFilter {
  @Inject ConsoleConfig config;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!config.enabled() && request.getUriInfo().getPath().replaceFirst("^/+", "").startsWith("console")) {
      request.abortWith(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("error", "the console is disabled (pyrometer.console.enabled=false)")).build());
    }
  }
}
