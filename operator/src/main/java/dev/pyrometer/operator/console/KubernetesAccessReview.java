package dev.pyrometer.operator.console;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link AccessReview} by the API server itself, with the operator's own credentials (RBAC:
 * tokenreviews create, subjectaccessreviews create, as system:auth-delegator grants).
 */
public final class KubernetesAccessReview implements AccessReview {
  static final String GROUP = "pyrometer.dev";

  private final KubernetesClient once;

  public KubernetesAccessReview(KubernetesClient client) {
    // the operator's client, its credentials and TLS, without retries (see once())
    this.once = (KubernetesClient) client.newClient(
        new RequestConfigBuilder().withRequestRetryBackoffLimit(0).withRequestTimeout(5000).build());
  }

  @Override
  public Authentication authenticate(String token) {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
    TokenReview answer;
    try {
      answer = once().authentication().v1().tokenReviews().create(review);
    } catch (KubernetesClientException e) {
      throw unavailable("TokenReview", e);
    }
    if (answer == null || answer.getStatus() == null) {
      throw ConsoleException.reviewUnavailable("TokenReview returned no status", null);
    }
    if (!Boolean.TRUE.equals(answer.getStatus().getAuthenticated()) || answer.getStatus().getUser() == null) {
      String error = answer.getStatus().getError();
      return Authentication.refused(error == null || error.isBlank() ? "the token was not accepted" : firstLine(error));
    }
    UserInfo user = answer.getStatus().getUser();
    return Authentication.of(new Viewer(
        user.getUsername(), user.getUid(),
        List.copyOf(Objects.requireNonNullElse(user.getGroups(), List.of())),
        Map.copyOf(Objects.requireNonNullElse(user.getExtra(), Map.of()))));
  }

  @Override
  public boolean allowed(Viewer viewer, String verb, String resource, String namespace) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(viewer.username())
        .withUid(viewer.uid())
        .withGroups(viewer.groups())
        .withExtra(viewer.extra().isEmpty() ? null : viewer.extra())
        .withNewResourceAttributes()
        .withGroup(GROUP)
        .withResource(resource)
        .withVerb(verb)
        .withNamespace(namespace)
        .endResourceAttributes()
        .endSpec()
        .build();
    SubjectAccessReview answer;
    try {
      answer = once().authorization().v1().subjectAccessReview().create(review);
    } catch (KubernetesClientException e) {
      throw unavailable("SubjectAccessReview", e);
    }
    if (answer == null || answer.getStatus() == null) {
      throw ConsoleException.reviewUnavailable("SubjectAccessReview returned no status", null);
    }
    // not allowed (an authorizer's evaluationError included) is a refusal: never an open door
    return Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  /**
   * One attempt, bounded: a viewer waiting for a page gets a 503 at once rather than after the
   * client's retries with backoff; the next request asks again.
   */
  private KubernetesClient once() {
    return once;
  }

  /** Any failure to get an answer, a 403 for the operator itself included, refuses the viewer. */
  private static ConsoleException unavailable(String what, KubernetesClientException e) {
    String why = e.getCode() == 0 ? "the API server did not answer" : "the API server answered " + e.getCode();
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      why += ": " + firstLine(e.getStatus().getMessage());
    }
    return ConsoleException.reviewUnavailable(what + " unavailable (" + why + "): cannot check who you are, try again later", e);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
