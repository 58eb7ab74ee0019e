package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** API server error responses: a {@code Status} object with the code, reason and message. */
final class ApiStatus {
  private ApiStatus() {}

  static MockResponse failure(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    status.setApiVersion("v1");
    status.setKind("Status");
    return json(code, Serialization.asJson(status));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  static MockResponse notFound(String resource, String name) {
    return failure(404, "NotFound", resource + " \"" + name + "\" not found");
  }

  static MockResponse conflict(String resource, String name) {
    return failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + resource + " \"" + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again");
  }

  static MockResponse unsupportedMediaType(String contentType) {
    return failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got " + contentType);
  }
}
