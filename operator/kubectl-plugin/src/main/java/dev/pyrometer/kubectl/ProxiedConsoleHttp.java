package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The console through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/SVC:http/proxy/...}), on the connection Fabric8 set up
 * from the kubeconfig (its TLS, its credentials). The API server drops {@code Authorization} when
 * it proxies, so the console reads the token from {@code X-Pyrometer-Token}. The user needs
 * {@code get services/proxy} on the operator's Service.
 */
public final class ProxiedConsoleHttp implements ConsoleHttp {
  private final HttpClient http;
  private final String base;
  private final String token;
  private final String service;

  public ProxiedConsoleHttp(Kube kube, String operatorNamespace, String service, String token) {
    this.service = operatorNamespace + "/" + service;
    this.http = kube.client().getHttpClient();
    this.base = kube.masterUrl().replaceAll("/+$", "") + "/api/v1/namespaces/" + operatorNamespace + "/services/" + service + ":http/proxy";
    this.token = token;
  }

  @Override
  public Response get(String path) throws IOException {
    HttpRequest request = http.newHttpRequestBuilder().uri(base + path).header("X-Pyrometer-Token", token)
        .timeout(2, TimeUnit.MINUTES).build();
    try {
      HttpResponse<InputStream> response = http.sendAsync(request, InputStream.class).get(3, TimeUnit.MINUTES);
      return new Response(response.code(), response.header("Content-Type") == null ? "" : response.header("Content-Type"), response.body());
    } catch (ExecutionException e) {
      throw new IOException(Kube.oneLine(e), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no answer within 3 minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String hint() {
    return "; is the operator's Service " + service + " (--operator-namespace, --operator-service)? "
        + "Or kubectl port-forward to it and pass --console URL";
  }

  @Override
  public String describe() {
    return base;
  }
}
