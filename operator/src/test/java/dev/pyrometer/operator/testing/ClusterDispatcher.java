package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's dispatcher: Fabric8's CRUD store, plus the ephemeralcontainers subresource
 * it lacks, plus a log of every request (so a test can compare the calls with the operator's
 * RBAC).
 */
final class ClusterDispatcher extends KubernetesCrudDispatcher {
  private final List<ApiRequest> requests = new CopyOnWriteArrayList<>();
  private final EphemeralContainersSubresource ephemeralContainers = new EphemeralContainersSubresource(this);

  @Override
  public MockResponse dispatch(RecordedRequest received) {
    // reading a request body consumes it: read it once and pass a copy on
    String body = received.getUtf8Body();
    RecordedRequest request =
        new RecordedRequest(received.getHttpVersion(), received.method(), received.getPath(), received.getHeaders(),
            new Buffer().writeUtf8(body == null ? "" : body));
    String full = request.getPath();
    int q = full.indexOf('?');
    requests.add(
        new ApiRequest(
            request.getMethod(), q < 0 ? full : full.substring(0, q), q < 0 ? "" : full.substring(q + 1),
            String.valueOf(request.getHeader("User-Agent"))));
    Matcher ephemeral = EphemeralContainersSubresource.PATH.matcher(full);
    if (ephemeral.matches()) {
      return ephemeralContainers.handle(request, ephemeral);
    }
    if (request.getMethod().equals("POST") && full.startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return selfSubjectRulesReview(body);
    }
    Matcher pod = POD.matcher(full);
    if (pod.matches() && changesEphemeralContainers(request, body)) {
      // a real API server only takes ephemeral containers through the subresource
      return ApiStatus.failure(
          422, "Invalid",
          "Pod \"" + pod.group(2) + "\" is invalid: spec: Forbidden: pod updates may not change"
              + " fields other than `spec.containers[*].image`, `spec.initContainers[*].image`,"
              + " `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing"
              + " tolerations), `spec.terminationGracePeriodSeconds`");
    }
    return super.dispatch(request);
  }

  /**
   * The authorizer's answer to "what may I do?": the operator's declared RBAC (JOSDK asks before
   * it takes part in leader election).
   */
  private static MockResponse selfSubjectRulesReview(String body) {
    io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview review =
        Serialization.unmarshal(body, io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview.class);
    review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder()
        .withResourceRules(RbacRequirements.asResourceRules()).withIncomplete(false).build());
    return ApiStatus.json(201, Serialization.asJson(review));
  }

  private static final Pattern POD = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)(?:\\?.*)?$");

  private boolean changesEphemeralContainers(RecordedRequest request, String body) {
    String method = request.getMethod();
    if (method.equals("PATCH")) {
      return body.contains("ephemeralContainers");
    }
    if (!method.equals("PUT")) {
      return false;
    }
    Pod wanted = Serialization.unmarshal(body, Pod.class);
    MockResponse stored = handleGet(request.getPath().replaceAll("\\?.*$", ""));
    if (stored.code() != 200) {
      return false;
    }
    Pod current = Serialization.unmarshal(stored.getBody().readUtf8(), Pod.class);
    return !Objects.equals(
        Serialization.asJson(Objects.requireNonNullElse(current.getSpec().getEphemeralContainers(), List.of())),
        Serialization.asJson(Objects.requireNonNullElse(wanted.getSpec().getEphemeralContainers(), List.of())));
  }

  List<ApiRequest> requests() {
    return List.copyOf(requests);
  }
}
