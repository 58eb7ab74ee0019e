package dev.pyrometer.operator.console;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The console's gate, used by every API call: who the viewer is (401 without a valid token), and
 * whether they may do what {@code kubectl get} would let them (403 otherwise).
 */
public final class ConsoleAccess {
  public static final String SESSIONS = "profilesessions";
  public static final String SCHEDULES = "profileschedules";

  private final ViewerTokens tokens;
  private final AccessReview review;

  public ConsoleAccess(ViewerTokens tokens, AccessReview review) {
    this.tokens = tokens;
    this.review = review;
  }

  /** The viewer behind the request's token; 401 when there is none or the API server refuses it. */
  public Viewer viewer(HttpHeaders headers) {
    AccessReview.Authentication answer = review.authenticate(token(headers));
    return answer.viewer().orElseThrow(() -> ConsoleException.unauthenticated("token refused by the API server: " + answer.error()));
  }

  /** The request's bearer token; 401 without one. */
  public String token(HttpHeaders headers) {
    return tokens.find(headers).orElseThrow(() -> ConsoleException.unauthenticated(
        "no bearer token: send Authorization: Bearer <token> (or " + ViewerTokens.TOKEN_HEADER + ")"));
  }

  public boolean allowed(Viewer viewer, String verb, String resource, String namespace) {
    return review.allowed(viewer, verb, resource, namespace);
  }

  /** 403 unless the viewer may {@code verb resource} in {@code namespace}. */
  public void require(Viewer viewer, String verb, String resource, String namespace) {
    if (!allowed(viewer, verb, resource, namespace)) {
      throw ConsoleException.forbidden(viewer.username() + " may not " + verb + " " + resource + "." + KubernetesAccessReview.GROUP
          + " in namespace " + namespace);
    }
  }
}
