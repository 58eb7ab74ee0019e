package dev.pyrometer.operator.console;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Where a request carries the viewer's bearer token: {@code Authorization: Bearer}, {@code
 * X-Pyrometer-Token} (the API server's service proxy drops Authorization), or the header an
 * authenticating proxy sets, when the chart names one.
 */
public final class ViewerTokens {
  public static final String TOKEN_HEADER = "X-Pyrometer-Token";

  private final Optional<String> proxyHeader;

  public ViewerTokens(Optional<String> proxyHeader) {
    this.proxyHeader = proxyHeader.filter(h -> !h.isBlank());
  }

  public Optional<String> find(HttpHeaders headers) {
    String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return nonBlank(authorization.substring(7));
    }
    Optional<String> own = nonBlank(headers.getHeaderString(TOKEN_HEADER));
    if (own.isPresent()) {
      return own;
    }
    return proxyHeader.flatMap(h -> nonBlank(headers.getHeaderString(h)));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
