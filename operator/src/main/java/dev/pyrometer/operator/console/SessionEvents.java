package dev.pyrometer.operator.console;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A session's events, read with the VIEWER's own token: the operator may only create events (its
 * RBAC stays as small as it is), and a viewer sees the events {@code kubectl describe} would show
 * them, no more. A plain HTTP client trusting the API server's CA: the operator's Fabric8 client
 * always sends the operator's own credentials.
 */
public final class SessionEvents {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final String apiServer;
  private final HttpClient http;

  public SessionEvents(Config operatorConfig) {
    this.apiServer = operatorConfig.getMasterUrl().replaceAll("/+$", "");
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (apiServer.startsWith("https:")) {
      try {
        builder.sslContext(SSLUtils.sslContext(null, SSLUtils.trustManagers(operatorConfig)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot trust the API server's certificate: " + e.getMessage(), e);
      }
    }
    this.http = builder.build();
  }

  /** The events, oldest first; {@link Refused} when the API server will not list them for this viewer. */
  public List<Event> of(String viewerToken, String namespace, String kind, String name, String uid) {
    String selector = "involvedObject.kind=" + kind + ",involvedObject.name=" + name;
    URI uri = URI.create(apiServer + "/api/v1/namespaces/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
        + "/events?fieldSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + viewerToken).header("Accept", "application/json").GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new Refused("events unavailable (the API server did not answer)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("events unavailable (interrupted)");
    }
    if (response.statusCode() == 403) {
      throw new Refused("you may not list events in namespace " + namespace);
    }
    if (response.statusCode() != 200) {
      throw new Refused("events unavailable (HTTP " + response.statusCode() + ")");
    }
    List<Event> events = JSON.unmarshal(response.body(), EventList.class).getItems();
    return events.stream()
        .filter(e -> uid == null || e.getInvolvedObject() == null || e.getInvolvedObject().getUid() == null
            || uid.equals(e.getInvolvedObject().getUid()))
        .sorted(Comparator.comparing(SessionEvents::when, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
  }

  private static String when(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    return e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
  }

  /** The events could not be read for this viewer; the session page shows why instead. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }
}
