package dev.pyrometer.operator.testing;

/**
 * One request the API server received.
 *
 * @param method GET, POST, PUT, PATCH, DELETE
 * @param path without the query
 * @param query the query string, or empty
 * @param userAgent who sent it (the operator's client identifies itself)
 */
public record ApiRequest(String method, String path, String query, String userAgent) {
  public boolean isWatch() {
    return query.contains("watch=true") || query.contains("watch=1");
  }
}
