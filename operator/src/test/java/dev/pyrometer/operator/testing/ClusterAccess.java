package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API server's authentication and authorization, as TokenReview and SubjectAccessReview see
 * them: a table of bearer tokens (user, groups, expiry), RBAC-like rules (subject, namespace or
 * cluster-wide, group, resource, verbs; {@code system:masters} may do everything), and a switch
 * that makes both reviews unavailable (503), as when the API server or its authentication webhook
 * is down. Requests that carry a token of the table are authorized by the same rules (a viewer's
 * own reads), other requests (the tests' and the operator's clients) are let through as before.
 */
public final class ClusterAccess {
  public static final String MASTERS = "system:masters";

  /** A token's owner; {@code expires} null: never. */
  public record User(String name, List<String> groups, Instant expires) {}

  /** {@code namespace} null: in every namespace (a ClusterRoleBinding). */
  public record Rule(String subject, String namespace, String apiGroup, String resource, Set<String> verbs) {}

  private final Map<String, User> tokens = new ConcurrentHashMap<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<String> reviewed = new CopyOnWriteArrayList<>();
  private volatile boolean available = true;

  /** A token for {@code user}, member of {@code groups} (and system:authenticated). */
  public ClusterAccess token(String token, String user, String... groups) {
    List<String> all = new ArrayList<>(List.of(groups));
    all.add("system:authenticated");
    tokens.put(token, new User(user, List.copyOf(all), null));
    return this;
  }

  /** A token that was valid until {@code expired}. */
  public ClusterAccess expiredToken(String token, String user, Instant expired) {
    tokens.put(token, new User(user, List.of("system:authenticated"), expired));
    return this;
  }

  /** Grants {@code subject} (a user or a group) the verbs on {@code apiGroup/resource} in {@code namespace} (null: everywhere). */
  public ClusterAccess allow(String subject, String namespace, String apiGroup, String resource, String... verbs) {
    rules.add(new Rule(subject, namespace, apiGroup, resource, Set.of(verbs)));
    return this;
  }

  /** Makes TokenReview and SubjectAccessReview fail with 503 (false) or answer again (true). */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  /** Every TokenReview and SubjectAccessReview asked, as {@code token:<user>} / {@code sar:<user> <verb> <resource> <ns>}. */
  public List<String> reviewed() {
    return List.copyOf(reviewed);
  }

  public boolean allows(String user, List<String> groups, String verb, String apiGroup, String resource, String namespace) {
    if (groups.contains(MASTERS)) {
      return true;
    }
    return rules.stream().anyMatch(r -> (r.subject().equals(user) || groups.contains(r.subject()))
        && (r.namespace() == null || r.namespace().equals(namespace))
        && r.apiGroup().equals(apiGroup == null ? "" : apiGroup)
        && r.resource().equals(resource)
        && (r.verbs().contains(verb) || r.verbs().contains("*")));
  }

  MockResponse tokenReview(String body) {
    if (!available) {
      return unavailable();
    }
    TokenReview review = Serialization.unmarshal(body, TokenReview.class);
    String token = review.getSpec() == null ? null : review.getSpec().getToken();
    User user = token == null ? null : tokens.get(token);
    TokenReviewStatusBuilder status = new TokenReviewStatusBuilder();
    if (user == null) {
      // what kube-apiserver says of a token no authenticator accepts
      status.withAuthenticated(false).withError("[invalid bearer token, token lookup failed]");
    } else if (user.expires() != null && !Instant.now().isBefore(user.expires())) {
      status.withAuthenticated(false).withError("[invalid bearer token, service account token has expired]");
    } else {
      status.withAuthenticated(true).withNewUser().withUsername(user.name()).withUid("uid-" + user.name())
          .withGroups(user.groups()).endUser().withAudiences("https://kubernetes.default.svc");
    }
    reviewed.add("token:" + (user == null ? "?" : user.name()));
    review.setStatus(status.build());
    return ApiStatus.json(201, Serialization.asJson(review));
  }

  MockResponse subjectAccessReview(String body) {
    if (!available) {
      return unavailable();
    }
    SubjectAccessReview review = Serialization.unmarshal(body, SubjectAccessReview.class);
    ResourceAttributes wanted = review.getSpec().getResourceAttributes();
    List<String> groups = review.getSpec().getGroups() == null ? List.of() : review.getSpec().getGroups();
    boolean allowed = wanted != null && allows(review.getSpec().getUser(), groups, wanted.getVerb(), wanted.getGroup(),
        wanted.getResource(), wanted.getNamespace() == null || wanted.getNamespace().isEmpty() ? null : wanted.getNamespace());
    reviewed.add("sar:" + review.getSpec().getUser() + " " + (wanted == null ? "?" : wanted.getVerb() + " " + wanted.getResource() + " " + wanted.getNamespace()));
    review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed)
        .withReason(allowed ? "allowed by a test rule" : "").build());
    return ApiStatus.json(201, Serialization.asJson(review));
  }

  /**
   * For a request carrying one of the table's tokens: 401 when it is expired, 403 when the rules
   * do not grant what it asks; empty to let it through.
   */
  Optional<MockResponse> authorize(String authorization, ApiRequest request) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.empty();
    }
    User user = tokens.get(authorization.substring(7));
    if (user == null) {
      return Optional.empty();
    }
    if (user.expires() != null && !Instant.now().isBefore(user.expires())) {
      return Optional.of(ApiStatus.failure(401, "Unauthorized", "Unauthorized"));
    }
    String needed = RbacRequirements.needed(request);
    if (needed.startsWith("nonResourceURL")) {
      return Optional.empty();
    }
    String[] parts = needed.split("/");
    String verb = parts[parts.length - 1];
    String resource = String.join("/", List.of(parts).subList(1, parts.length - 1));
    String namespace = request.path().matches("^/apis?/.*?/namespaces/[^/]+/.+") ? request.path().replaceAll("^.*?/namespaces/([^/]+)/.*$", "$1") : null;
    if (allows(user.name(), user.groups(), verb, parts[0], resource, namespace)) {
      return Optional.empty();
    }
    return Optional.of(ApiStatus.failure(403, "Forbidden", resource + " is forbidden: User \"" + user.name()
        + "\" cannot " + verb + " resource \"" + resource + "\" in API group \"" + parts[0] + "\""
        + (namespace == null ? " at the cluster scope" : " in the namespace \"" + namespace + "\"")));
  }

  private static MockResponse unavailable() {
    return ApiStatus.failure(503, "ServiceUnavailable", "the server is currently unable to handle the request");
  }
}
