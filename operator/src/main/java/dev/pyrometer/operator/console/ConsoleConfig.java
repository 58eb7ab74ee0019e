package dev.pyrometer.operator.console;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The web console's settings ({@code pyrometer.console.*}, or {@code PYROMETER_CONSOLE_*} set by
 * the chart). Plain config properties rather than a nested {@code @ConfigMapping}: the operator's
 * {@code pyrometer} mapping owns that prefix.
 */
@Singleton
public class ConsoleConfig {

  /** Serve /console/ and /console/api/ on the operator's HTTP port; when false both answer 404. */
  @ConfigProperty(name = "pyrometer.console.enabled", defaultValue = "true")
  boolean enabled;

  /**
   * A header an authenticating proxy in front of the console sets to the viewer's bearer token
   * (oauth2-proxy: X-Forwarded-Access-Token). Empty: only Authorization and X-Pyrometer-Token.
   */
  @ConfigProperty(name = "pyrometer.console.proxy-token-header")
  Optional<String> proxyTokenHeader;

  /** How long a TokenReview or SubjectAccessReview answer is reused (at most 30 s). */
  @ConfigProperty(name = "pyrometer.console.review-cache-ttl", defaultValue = "20s")
  Duration reviewCacheTtl;

  /**
   * How long an artifact link (a URL with a signed ticket, for new tabs and speedscope, which
   * cannot send a bearer token) stays valid.
   */
  @ConfigProperty(name = "pyrometer.console.link-ttl", defaultValue = "10m")
  Duration linkTtl;

  /** The speedscope viewer the session page links to; its origin may fetch speedscope.json (CORS). */
  @ConfigProperty(name = "pyrometer.console.speedscope-url", defaultValue = "https://www.speedscope.app")
  String speedscopeUrl;

  public boolean enabled() {
    return enabled;
  }

  public Optional<String> proxyTokenHeader() {
    return proxyTokenHeader;
  }

  public Duration reviewCacheTtl() {
    return reviewCacheTtl;
  }

  public Duration linkTtl() {
    return linkTtl;
  }

  public String speedscopeUrl() {
    return speedscopeUrl;
  }
}
