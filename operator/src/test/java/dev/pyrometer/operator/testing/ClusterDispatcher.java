package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
  private final Discovery discovery = new Discovery(ClusterApiServer.committedCrd());
  private final KubectlSupport kubectl = new KubectlSupport(ClusterApiServer.committedCrd());
  private final java.util.function.Supplier<KubernetesVersion> version;
  private final ClusterAccess access = new ClusterAccess();

  ClusterDispatcher(java.util.function.Supplier<KubernetesVersion> version) {
    this.version = version;
  }

  @Override
  public MockResponse dispatch(RecordedRequest received) {
    // reading a request body consumes it: read it once and pass a copy on
    String body = received.getUtf8Body();
    RecordedRequest request =
        new RecordedRequest(received.getHttpVersion(), received.method(), received.getPath(), received.getHeaders(),
            new Buffer().writeUtf8(body == null ? "" : body));
    String full = request.getPath();
    int q = full.indexOf('?');
    ApiRequest logged =
        new ApiRequest(
            request.getMethod(), q < 0 ? full : full.substring(0, q), q < 0 ? "" : full.substring(q + 1),
            String.valueOf(request.getHeader("User-Agent")));
    requests.add(logged);
    if (request.getMethod().equals("POST") && full.startsWith("/apis/authentication.k8s.io/v1/tokenreviews")) {
      return access.tokenReview(body);
    }
    if (request.getMethod().equals("POST") && full.startsWith("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
      return access.subjectAccessReview(body);
    }
    Optional<MockResponse> refused = access.authorize(request.getHeader("Authorization"), logged);
    if (refused.isPresent()) {
      return refused.get();
    }
    Matcher ephemeral = EphemeralContainersSubresource.PATH.matcher(full);
    if (ephemeral.matches()) {
      return ephemeralContainers.handle(request, ephemeral);
    }
    String path = full.contains("?") ? full.substring(0, full.indexOf('?')) : full;
    if (request.getMethod().equals("GET")) {
      if (path.equals("/version")) {
        return ApiStatus.json(200, version.get().versionJson());
      }
      Optional<MockResponse> found = discovery.answer(path);
      if (found.isPresent()) {
        return found.get();
      }
      Optional<MockResponse> openApi = kubectl.openApi(path);
      if (openApi.isPresent()) {
        return openApi.get();
      }
      if (path.startsWith("/openapi/")) {
        return ApiStatus.notFound("openapi", path);
      }
      if (kubectl.wantsTable(request.getMethod(), path, request.getHeader("Accept")) && !full.contains("watch=")) {
        return kubectl.table(super.dispatch(request));
      }
      if (EVENTS.matcher(path).matches() && full.contains("fieldSelector=") && !full.contains("watch=")) {
        return eventsMatching(request, path, full);
      }
    }
    if (request.getMethod().equals("POST") && full.startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return selfSubjectRulesReview(body);
    }
    Matcher podStatus = POD_STATUS.matcher(full);
    if (request.getMethod().equals("PUT") && podStatus.matches()) {
      return putPodStatus(request, body, podStatus.group(2));
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

  private static final Pattern EVENTS = Pattern.compile("^/api/v1/namespaces/[^/]+/events$");

  /**
   * Events filtered by {@code involvedObject.*} field selectors, which the CRUD store ignores:
   * {@code kubectl describe} lists a session's events this way.
   */
  private MockResponse eventsMatching(RecordedRequest request, String path, String full) {
    String query = full.substring(full.indexOf('?') + 1);
    java.util.Map<String, String> wanted = new java.util.LinkedHashMap<>();
    for (String param : query.split("&")) {
      if (param.startsWith("fieldSelector=")) {
        String selector = java.net.URLDecoder.decode(param.substring("fieldSelector=".length()), java.nio.charset.StandardCharsets.UTF_8);
        for (String term : selector.split(",")) {
          String[] kv = term.split("=", 2);
          wanted.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
    }
    MockResponse all = super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(), new Buffer()));
    io.fabric8.kubernetes.api.model.EventList list = Serialization.unmarshal(all.getBody().readUtf8(), io.fabric8.kubernetes.api.model.EventList.class);
    list.getItems().removeIf(event -> {
      com.fasterxml.jackson.databind.JsonNode json = Serialization.unmarshal(Serialization.asJson(event), com.fasterxml.jackson.databind.JsonNode.class);
      return wanted.entrySet().stream().anyMatch(w -> {
        com.fasterxml.jackson.databind.JsonNode at = json;
        for (String step : w.getKey().split("\\.")) {
          at = at == null ? null : at.get(step);
        }
        return at == null || !at.asText().equals(w.getValue());
      });
    });
    // typed clients (kubectl describe) decode only an EventList, not the store's generic List
    list.setKind("EventList");
    list.setApiVersion("v1");
    return ApiStatus.json(200, Serialization.asJson(list));
  }

  private static final Pattern POD_STATUS = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/status(?:\\?.*)?$");

  /**
   * A pod status update that names a resourceVersion is refused (409) when the pod changed since,
   * as on a real API server. The CRUD store checks it on everything but a PUT to /status, where it
   * takes the update whatever it was read at: two containers of one pod reporting at the same
   * moment (the test kubelet writes each container's state as it changes) then lost one of them,
   * and its session ended StartTimeout although its profiler had exited 0. Updates are checked and
   * written one at a time, so none slips in between.
   */
  private synchronized MockResponse putPodStatus(RecordedRequest request, String body, String name) {
    String wanted = Serialization.unmarshal(body, Pod.class).getMetadata().getResourceVersion();
    String path = request.getPath().replaceAll("\\?.*$", "");
    MockResponse stored = handleGet(path.substring(0, path.length() - "/status".length()));
    if (wanted != null && !wanted.isEmpty() && stored.code() == 200) {
      String current = Serialization.unmarshal(stored.getBody().readUtf8(), Pod.class).getMetadata().getResourceVersion();
      if (!wanted.equals(current)) {
        return ApiStatus.conflict("pods", name);
      }
    }
    return super.dispatch(request);
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

  ClusterAccess access() {
    return access;
  }

  List<ApiRequest> requests() {
    return List.copyOf(requests);
  }
}
