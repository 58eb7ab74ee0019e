package dev.pyrometer.operator.console;

import java.util.Optional;

/**
 * The API server's judgement of a viewer: who a bearer token belongs to (TokenReview) and what
 * they may do (SubjectAccessReview). Both throw a 503 {@link ConsoleException} when the API server
 * cannot answer: the console then refuses, it never lets the request through.
 */
public interface AccessReview {

  /** The token's user, or empty with the API server's reason when it is forged or expired. */
  Authentication authenticate(String token);

  /**
   * Whether the viewer may {@code verb} {@code resource} (group pyrometer.dev) in {@code
   * namespace} (null: in every namespace).
   */
  boolean allowed(Viewer viewer, String verb, String resource, String namespace);

  /** A TokenReview's answer. */
  record Authentication(Optional<Viewer> viewer, String error) {
    static Authentication of(Viewer viewer) {
      return new Authentication(Optional.of(viewer), null);
    }

    static Authentication refused(String error) {
      return new Authentication(Optional.empty(), error);
    }
  }
}
