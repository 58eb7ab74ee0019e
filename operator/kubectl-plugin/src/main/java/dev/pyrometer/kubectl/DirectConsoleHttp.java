package dev.pyrometer.kubectl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The console at a URL the user gave (--console, $PYROMETER_CONSOLE: a port-forward, an Ingress):
 * the token goes in {@code Authorization: Bearer}, and in {@code X-Pyrometer-Token} for a proxy in
 * front that keeps Authorization for itself. The JVM's own trust store checks HTTPS.
 */
public final class DirectConsoleHttp implements ConsoleHttp {
  private final String base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

  public DirectConsoleHttp(String base, String token) {
    // the console's page address works too (http://host:8080/console/): the API paths start with /console/
    this.base = base.replaceAll("/+$", "").replaceAll("/console$", "");
    this.token = token;
  }

  @Override
  public Response get(String path) throws IOException {
    URI uri;
    try {
      uri = URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw PluginException.usage("--console \"" + base + "\" is not a URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw PluginException.usage("--console \"" + base + "\" is not an http:// or https:// URL");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token).header("X-Pyrometer-Token", token).GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String describe() {
    return base;
  }
}
